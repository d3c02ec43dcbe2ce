using System.Globalization;
using System.Text;

namespace GitOps.Benchmarks.Drift;

/// <summary>
/// Realistic desired/live JSON pairs (Deployment, Service, ConfigMap): desired as applied (with the
/// ApplySet label the sync adds), live as a LIST returns it after that apply.
/// </summary>
internal static class ComparePairs
{
    private const string DesiredDeployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app-@I","namespace":"team-@N","labels":{"app":"app-@I","tier":"web","applyset.kubernetes.io/part-of":"applyset-xyz"},"annotations":{"owner":"team-@N"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"app-@I"}},"template":{"metadata":{"labels":{"app":"app-@I","tier":"web"}},
          "spec":{"containers":[{"name":"app","image":"registry.example/app-@I:1.@I","ports":[{"containerPort":8080,"name":"http"}],
            "env":[{"name":"MODE","value":"prod"},{"name":"PORT","value":"8080"},{"name":"REGION","value":"westeurope"}],
            "resources":{"requests":{"cpu":"0.25","memory":"256Mi"},"limits":{"cpu":"1000m","memory":"1Gi"}},
            "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"}},"livenessProbe":{"httpGet":{"path":"/healthz","port":8080}}},
           {"name":"proxy","image":"envoy:1.30","args":["--config","/etc/envoy.yaml"],"resources":{}}],
           "volumes":[{"name":"config","configMap":{"name":"app-@I"}}]}}}}
        """;

    private const string LiveDeployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app-@I","namespace":"team-@N","uid":"0a1b2c3d-@I","resourceVersion":"1@I","generation":4,
          "creationTimestamp":"2026-11-01T10:00:00Z","labels":{"app":"app-@I","tier":"web","applyset.kubernetes.io/part-of":"applyset-xyz"},
          "annotations":{"owner":"team-@N","deployment.kubernetes.io/revision":"4"},
          "managedFields":[{"manager":"gitops-functions","operation":"Apply","apiVersion":"apps/v1","time":"2026-11-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{
            "f:metadata":{"f:labels":{"f:app":{},"f:tier":{},"f:applyset.kubernetes.io/part-of":{}},"f:annotations":{"f:owner":{}}},
            "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{},"f:tier":{}}},"f:spec":{
              "f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},
                "f:env":{"k:{\"name\":\"MODE\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"PORT\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"REGION\"}":{".":{},"f:name":{},"f:value":{}}},
                "f:resources":{"f:requests":{"f:cpu":{},"f:memory":{}},"f:limits":{"f:cpu":{},"f:memory":{}}},
                "f:readinessProbe":{"f:httpGet":{"f:path":{},"f:port":{}}},"f:livenessProbe":{"f:httpGet":{"f:path":{},"f:port":{}}}},
               "k:{\"name\":\"proxy\"}":{".":{},"f:args":{},"f:image":{},"f:name":{},"f:resources":{}}},
              "f:volumes":{"k:{\"name\":\"config\"}":{".":{},"f:configMap":{"f:name":{}},"f:name":{}}}}}}}},
           {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","subresource":"status","time":"2026-11-01T10:00:05Z","fieldsType":"FieldsV1",
            "fieldsV1":{"f:metadata":{"f:annotations":{"f:deployment.kubernetes.io/revision":{}}},"f:status":{"f:availableReplicas":{},"f:replicas":{}}}}]},
         "spec":{"replicas":3,"progressDeadlineSeconds":600,"revisionHistoryLimit":10,"selector":{"matchLabels":{"app":"app-@I"}},
          "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
          "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"app-@I","tier":"web"}},"spec":{
           "containers":[{"name":"proxy","image":"envoy:1.30","args":["--config","/etc/envoy.yaml"],"resources":{},"imagePullPolicy":"IfNotPresent",
             "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"},
            {"name":"app","image":"registry.example/app-@I:1.@I","imagePullPolicy":"IfNotPresent","ports":[{"containerPort":8080,"name":"http","protocol":"TCP"}],
             "env":[{"name":"REGION","value":"westeurope"},{"name":"MODE","value":"prod"},{"name":"PORT","value":"8080"}],
             "resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1","memory":"1Gi"}},
             "readinessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
             "livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
             "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
           "volumes":[{"name":"config","configMap":{"name":"app-@I","defaultMode":420}}],
           "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}},
         "status":{"observedGeneration":4,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,
          "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}}
        """;

    private const string DesiredService = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"app-@I","namespace":"team-@N","labels":{"app":"app-@I","applyset.kubernetes.io/part-of":"applyset-xyz"}},
         "spec":{"selector":{"app":"app-@I"},"ports":[{"name":"http","port":80,"targetPort":"8080"},{"name":"metrics","port":9090,"targetPort":9090}]}}
        """;

    private const string LiveService = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"app-@I","namespace":"team-@N","uid":"u-@I","resourceVersion":"2@I","creationTimestamp":"2026-11-01T10:00:00Z",
          "labels":{"app":"app-@I","applyset.kubernetes.io/part-of":"applyset-xyz"},
          "managedFields":[{"manager":"gitops-functions","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{
            "f:metadata":{"f:labels":{"f:app":{},"f:applyset.kubernetes.io/part-of":{}}},
            "f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:name":{},"f:port":{},"f:targetPort":{}},
              "k:{\"port\":9090,\"protocol\":\"TCP\"}":{".":{},"f:name":{},"f:port":{},"f:targetPort":{}}},"f:selector":{}}}}]},
         "spec":{"clusterIP":"10.0.@N.@M","clusterIPs":["10.0.@N.@M"],"type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack",
          "internalTrafficPolicy":"Cluster","selector":{"app":"app-@I"},
          "ports":[{"name":"metrics","port":9090,"protocol":"TCP","targetPort":9090},{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]},
         "status":{"loadBalancer":{}}}
        """;

    private const string DesiredConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-@I","namespace":"team-@N","labels":{"app":"app-@I","applyset.kubernetes.io/part-of":"applyset-xyz"}},
         "data":{"LOG_LEVEL":"info","FEATURE_X":"true","envoy.yaml":"static_resources:\n  listeners: []\n  clusters: []\n"}}
        """;

    private const string LiveConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-@I","namespace":"team-@N","uid":"c-@I","resourceVersion":"3@I","creationTimestamp":"2026-11-01T10:00:00Z",
          "labels":{"app":"app-@I","applyset.kubernetes.io/part-of":"applyset-xyz"},
          "managedFields":[{"manager":"gitops-functions","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{
            "f:data":{"f:FEATURE_X":{},"f:LOG_LEVEL":{},"f:envoy.yaml":{}},"f:metadata":{"f:labels":{"f:app":{},"f:applyset.kubernetes.io/part-of":{}}}}}]},
         "data":{"FEATURE_X":"true","LOG_LEVEL":"info","envoy.yaml":"static_resources:\n  listeners: []\n  clusters: []\n"}}
        """;

    /// <summary>The pair for index <paramref name="i"/>: half Deployments, a quarter each Services and ConfigMaps.</summary>
    public static (string Desired, byte[] Live) Create(int i)
    {
        var (desired, live) = (i % 4) switch
        {
            0 or 1 => (DesiredDeployment, LiveDeployment),
            2 => (DesiredService, LiveService),
            _ => (DesiredConfigMap, LiveConfigMap),
        };
        return (Fill(desired, i), Encoding.UTF8.GetBytes(Fill(live, i)));
    }

    private static string Fill(string template, int i) => template
        .Replace("@I", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("@N", (i % 200).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("@M", (i % 250).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
