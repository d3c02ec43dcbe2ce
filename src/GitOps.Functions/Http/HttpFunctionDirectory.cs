using GitOps.Functions.Hosting;

namespace GitOps.Functions.Http;

/// <summary>The registered HTTP bodies by name: the Function App's [Function] adapters resolve their body here.</summary>
public sealed class HttpFunctionDirectory(IEnumerable<IHttpFunction> functions)
{
    private readonly Dictionary<string, IHttpFunction> _byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The body named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No body has that name (its project is not referenced or not registered).</exception>
    public IHttpFunction Get(string name) => _byName.TryGetValue(name, out var function)
        ? function
        : throw new InvalidOperationException($"No HTTP function named '{name}' is registered.");

    /// <summary>The body named <paramref name="name"/>, or null when none is registered.</summary>
    public IHttpFunction? Find(string name) => _byName.GetValueOrDefault(name);
}
