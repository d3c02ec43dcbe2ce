namespace GitOps.Dashboard.Views;

/// <summary>The apps overview: the rows that pass the filter, and the values each filter offers.</summary>
public sealed record OverviewModel
{
    public required OverviewFilter Filter { get; init; }
    public required IReadOnlyList<AppRow> Rows { get; init; }
    public required int Total { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }
    public required IReadOnlyList<string> Clusters { get; init; }
    public required IReadOnlyList<string> Namespaces { get; init; }
}

/// <summary>The overview's filters (query parameters source, cluster, namespace, state, q); empty means any.</summary>
public sealed record OverviewFilter(string? Source, string? Cluster, string? Namespace, string? State, string? Search)
{
    /// <summary>The states the state filter offers.</summary>
    public static IReadOnlyList<string> States { get; } = ["synced", "failed", "progressing", "drifted", "degraded"];

    /// <summary>True when <paramref name="row"/> passes every filter.</summary>
    public bool Matches(AppRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Is(Source, row.Source) && Is(Cluster, row.Cluster) && Is(Namespace, row.Namespace) && MatchesState(row)
            && (string.IsNullOrWhiteSpace(Search) || row.SearchText.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private bool MatchesState(AppRow row) => State switch
    {
        null or "" => true,
        "synced" => row.Sync.Kind == StateKind.Good,
        "failed" => row.Sync.Kind == StateKind.Bad,
        "progressing" => row.Sync.Kind == StateKind.Busy || row.Health.Kind == StateKind.Busy,
        "drifted" => row.Drift.Kind == StateKind.Warn,
        "degraded" => row.Health.Kind == StateKind.Bad,
        _ => false,
    };

    private static bool Is(string? wanted, string? value) => string.IsNullOrEmpty(wanted) || string.Equals(wanted, value, StringComparison.Ordinal);
}

/// <summary>One app in the overview.</summary>
public sealed record AppRow
{
    public required string App { get; init; }
    public required string Source { get; init; }
    public string? Cluster { get; init; }
    public string? Namespace { get; init; }
    public required State Sync { get; init; }
    public required State Health { get; init; }
    public required State Drift { get; init; }
    public string? DriftSummary { get; init; }
    public CommitView? Commit { get; init; }
    public DateTimeOffset? SyncedAt { get; init; }
    public TimeSpan? Duration { get; init; }

    /// <summary>What the search box matches: name, source, cluster, namespace, commit and its subject.</summary>
    public string SearchText => string.Join('\n', App, Source, Cluster, Namespace, Commit?.Sha, Commit?.Subject);
}

/// <summary>A commit as shown: short sha, link on the Git host when known, first line of its message.</summary>
public sealed record CommitView(string Sha, Uri? Url, string? Subject)
{
    public string Short => Sha.Length > 7 ? Sha[..7] : Sha;
}
