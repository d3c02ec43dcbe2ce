using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOps.KubeSim.Storage;

namespace GitOps.KubeSim.Api;

/// <summary>Fans stored changes out to open watch streams as newline-delimited watch events.</summary>
internal sealed class WatchHub
{
    private readonly object _gate = new();
    private readonly List<Subscription> _subscriptions = [];

    public WatchHub(ObjectService objects) => objects.Changed += Publish;

    /// <summary>Subscribes; call while holding the store lock so the initial list and the stream line up.</summary>
    public Subscription Subscribe(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields)
    {
        var subscription = new Subscription(this, type.GroupResource, ns, labels, fields);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    private void Publish(string groupResource, string eventType, StoredObject stored)
    {
        lock (_gate)
        {
            foreach (var s in _subscriptions)
            {
                if (s.Matches(groupResource, stored.Object))
                {
                    s.Send(eventType, stored);
                }
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>One open watch.</summary>
    internal sealed class Subscription(WatchHub hub, string groupResource, string? ns, LabelSelector labels, FieldSelector fields) : IDisposable
    {
        private readonly Channel<byte[]> _events = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

        public ChannelReader<byte[]> Events => _events.Reader;

        public bool Matches(string resource, JsonObject obj) =>
            resource == groupResource
            && (ns is null || (string?)obj["metadata"]?["namespace"] == ns)
            && labels.Matches(obj["metadata"]?["labels"] as JsonObject)
            && fields.Matches(obj);

        public void Send(string eventType, StoredObject stored)
        {
            var prefix = Encoding.UTF8.GetBytes("{\"type\":\"" + eventType + "\",\"object\":");
            var line = new byte[prefix.Length + stored.Json.Length + 2];
            prefix.CopyTo(line, 0);
            stored.Json.CopyTo(line, prefix.Length);
            line[^2] = (byte)'}';
            line[^1] = (byte)'\n';
            _events.Writer.TryWrite(line);
        }

        public void Dispose()
        {
            hub.Remove(this);
            _events.Writer.TryComplete();
        }
    }
}
