using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Ssa;

/// <summary>
/// A set of field paths as a tree keyed by fieldsV1 path elements ("f:name", "k:{...}", "v:...", "i:0").
/// A node that is itself in the set is written with the "." marker, exactly like Kubernetes' fieldsV1.
/// </summary>
internal sealed class FieldSet
{
    private SortedDictionary<string, FieldSet>? _children;

    /// <summary>True when the path leading to this node is itself a member of the set.</summary>
    public bool Member { get; set; }

    public IEnumerable<KeyValuePair<string, FieldSet>> Children => _children ?? Enumerable.Empty<KeyValuePair<string, FieldSet>>();

    public bool IsEmpty => !Member && (_children is null || _children.Count == 0);

    public FieldSet? Child(string element) => _children is not null && _children.TryGetValue(element, out var c) ? c : null;

    public FieldSet GetOrAdd(string element)
    {
        _children ??= new SortedDictionary<string, FieldSet>(StringComparer.Ordinal);
        if (!_children.TryGetValue(element, out var child))
        {
            _children[element] = child = new FieldSet();
        }

        return child;
    }

    public void RemoveChild(string element) => _children?.Remove(element);

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.GetOrAdd(element);
        }

        node.Member = true;
    }

    public bool Contains(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
            if (node is null)
            {
                return false;
            }
        }

        return node.Member;
    }

    /// <summary>True when the path or anything below it is a member.</summary>
    public bool ContainsPrefix(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
            if (node is null)
            {
                return false;
            }
        }

        return !node.IsEmpty;
    }

    /// <summary>Every member path, parents before children.</summary>
    public IEnumerable<string[]> Paths()
    {
        var stack = new List<string>();
        return Walk(this, stack);

        static IEnumerable<string[]> Walk(FieldSet node, List<string> prefix)
        {
            if (node.Member)
            {
                yield return [.. prefix];
            }

            foreach (var (element, child) in node.Children)
            {
                prefix.Add(element);
                foreach (var p in Walk(child, prefix))
                {
                    yield return p;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { Member = Member };
        foreach (var (element, child) in Children)
        {
            copy.GetOrAdd(element).Replace(child.Clone());
        }

        return copy;
    }

    public FieldSet Union(FieldSet other)
    {
        var result = Clone();
        result.UnionWith(other);
        return result;
    }

    public void UnionWith(FieldSet other)
    {
        Member |= other.Member;
        foreach (var (element, child) in other.Children)
        {
            GetOrAdd(element).UnionWith(child);
        }
    }

    public FieldSet Intersect(FieldSet other)
    {
        var result = new FieldSet { Member = Member && other.Member };
        foreach (var (element, child) in Children)
        {
            if (other.Child(element) is { } theirs)
            {
                var both = child.Intersect(theirs);
                if (!both.IsEmpty)
                {
                    result.GetOrAdd(element).Replace(both);
                }
            }
        }

        return result;
    }

    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet { Member = Member && !other.Member };
        foreach (var (element, child) in Children)
        {
            var rest = other.Child(element) is { } theirs ? child.Difference(theirs) : child.Clone();
            if (!rest.IsEmpty)
            {
                result.GetOrAdd(element).Replace(rest);
            }
        }

        return result;
    }

    public bool SetEquals(FieldSet other)
    {
        if (Member != other.Member || (_children?.Count ?? 0) != (other._children?.Count ?? 0))
        {
            return false;
        }

        foreach (var (element, child) in Children)
        {
            if (other.Child(element) is not { } theirs || !child.SetEquals(theirs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The fieldsV1 JSON of this set.</summary>
    public JsonObject ToFieldsV1()
    {
        var json = new JsonObject();
        if (Member && _children is { Count: > 0 })
        {
            json["."] = new JsonObject();
        }

        foreach (var (element, child) in Children)
        {
            json[element] = child.ToFieldsV1();
        }

        return json;
    }

    public static FieldSet FromFieldsV1(JsonObject? json)
    {
        var set = new FieldSet();
        if (json is not null)
        {
            Read(set, json);
        }

        return set;

        static void Read(FieldSet node, JsonObject json)
        {
            foreach (var (element, value) in json)
            {
                if (element == ".")
                {
                    node.Member = true;
                    continue;
                }

                var child = node.GetOrAdd(element);
                if (value is JsonObject o && o.Count > 0)
                {
                    Read(child, o);
                }
                else
                {
                    child.Member = true;
                }
            }
        }
    }

    private void Replace(FieldSet other)
    {
        Member = other.Member;
        _children = other._children;
    }
}
