using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering;
using GitOps.Engine.Rendering.Validation;

namespace GitOps.Engine.Tests.Rendering;

public sealed class ManifestValidatorTests
{
    private static IReadOnlyList<JsonObject> Validate(string yaml, ManifestPolicy? policy = null) =>
        ManifestValidator.Validate(YamlReader.Read(yaml, "app.yaml"), policy ?? new ManifestPolicy { DefaultNamespace = "web" });

    [Fact]
    public void Validate_ListKinds_AreFlattenedAndNamespacesDefaulted()
    {
        var objects = Validate("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: web, namespace: x}}\n");

        Assert.Equal("web", objects[0]["metadata"]!["namespace"]!.GetValue<string>());
        Assert.False(((JsonObject)objects[1]["metadata"]!).ContainsKey("namespace"));
    }

    [Fact]
    public void Validate_MissingName_NamesFileDocumentAndLine()
    {
        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"));

        Assert.Equal("app.yaml (document 2, line 5): ConfigMap: metadata.name is required (generateName is not supported by server-side apply)", ex.Message);
    }

    [Theory]
    [InlineData("v1", "ConfigMap", "Bad_Name", "DNS-1123 subdomain")]
    [InlineData("v1", "Service", "1web", "DNS-1035 label")]
    [InlineData("v1", "Namespace", "a.b", "DNS-1123 label")]
    public void Validate_InvalidNames_AreRejectedPerKind(string apiVersion, string kind, string name, string rule)
    {
        var ex = Assert.Throws<RenderException>(() => Validate($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: {name}}}\n"));

        Assert.Contains(rule, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RbacNames_MayContainColons()
    {
        var objects = Validate("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: \"system:web\"}\n");

        Assert.Single(objects);
    }

    [Fact]
    public void Validate_Duplicates_AreRejectedWithBothLocations()
    {
        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: web}\n"));

        Assert.Contains("ConfigMap/web/a: duplicate of the object in app.yaml (document 1, line 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ApplySetLabel_IsRefused()
    {
        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {applyset.kubernetes.io/part-of: x}\n"));

        Assert.Contains("applyset.kubernetes.io/part-of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamespaceOutsideAllowList_IsRejected()
    {
        var policy = new ManifestPolicy { DefaultNamespace = "web", AllowedNamespaces = ["web"], ClusterName = "prod" };

        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: kube-system}\n", policy));

        Assert.Contains("namespace 'kube-system' is not allowed on cluster 'prod'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClusterScopedWhenNotAllowed_IsRejected()
    {
        var policy = new ManifestPolicy { DefaultNamespace = "web", AllowClusterScoped = false, ClusterName = "prod" };

        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n", policy));

        Assert.Contains("ClusterRole/r: cluster-scoped objects are not allowed on cluster 'prod'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoNamespaceAnywhere_IsRejected()
    {
        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", ManifestPolicy.Permissive));

        Assert.Contains("metadata.namespace is not set and the app has no default namespace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CrdInSameRender_DecidesScopeOfItsKind()
    {
        var objects = Validate("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec: {group: example.com, scope: Cluster, names: {kind: Widget, plural: widgets}}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, namespace: ignored}
            ---
            apiVersion: example.com/v1
            kind: Gadget
            metadata: {name: g}
            """);

        Assert.False(((JsonObject)objects[1]["metadata"]!).ContainsKey("namespace"));
        Assert.Equal("web", objects[2]["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_DiscoveryHook_OverridesTable()
    {
        var policy = new ManifestPolicy { DefaultNamespace = "web", IsNamespaced = gvk => gvk.Kind == "Gadget" ? false : null };

        var objects = Validate("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n", policy);

        Assert.False(((JsonObject)objects[0]["metadata"]!).ContainsKey("namespace"));
    }

    [Fact]
    public void Validate_UnquotedBooleanName_ExplainsQuoting()
    {
        var ex = Assert.Throws<RenderException>(() => Validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: yes}\n"));

        Assert.Contains("metadata.name must be a string, not true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScalarDocument_IsRejected()
    {
        var ex = Assert.Throws<RenderException>(() => Validate("just text\n"));

        Assert.Contains("a manifest document must be a mapping", ex.Message, StringComparison.Ordinal);
    }
}
