using System.Text.Json.Nodes;

namespace GitOps.Engine.Tests.Drift;

/// <summary>A desired Deployment/Service pair and their live counterparts as the API server returns them after our apply.</summary>
internal static class SampleObjects
{
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject DesiredDeployment() => Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"},"annotations":{"team":"checkout"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[
             {"name":"web","image":"nginx:1.27","ports":[{"containerPort":8080,"name":"http"},{"containerPort":8125,"protocol":"UDP"}],
              "env":[{"name":"MODE","value":"prod"},{"name":"PORT","value":"8080"}],
              "resources":{"requests":{"cpu":"0.5","memory":"1Gi"},"limits":{"cpu":"1000m","memory":"2048Mi"}},
              "readinessProbe":{"httpGet":{"path":"/healthz","port":"8080"}}},
             {"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"],"resources":{}}],
            "hostNetwork":false,"volumes":[{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}}]}}}}
        """);

    public static JsonObject LiveDeployment() => Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","uid":"6f1c","resourceVersion":"4711","generation":2,
          "creationTimestamp":"2026-11-01T10:00:00Z",
          "labels":{"app":"web","applyset.kubernetes.io/part-of":"applyset-abc"},
          "annotations":{"team":"checkout","deployment.kubernetes.io/revision":"2"},
          "managedFields":[
           {"manager":"gitops-functions","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{
             "f:metadata":{"f:labels":{"f:app":{}},"f:annotations":{"f:team":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
              "f:spec":{"f:containers":{
                "k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},
                  "f:ports":{"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}},
                             "k:{\"containerPort\":8125,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},
                  "f:env":{"k:{\"name\":\"MODE\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"PORT\"}":{".":{},"f:name":{},"f:value":{}}},
                  "f:resources":{"f:requests":{"f:cpu":{},"f:memory":{}},"f:limits":{"f:cpu":{},"f:memory":{}}},
                  "f:readinessProbe":{"f:httpGet":{"f:path":{},"f:port":{}}}},
                "k:{\"name\":\"sidecar\"}":{".":{},"f:args":{},"f:image":{},"f:name":{},"f:resources":{}}},
               "f:hostNetwork":{},"f:volumes":{"k:{\"name\":\"cache\"}":{".":{},"f:emptyDir":{"f:sizeLimit":{}},"f:name":{}}}}}}}},
           {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","subresource":"status",
            "fieldsV1":{"f:metadata":{"f:annotations":{"f:deployment.kubernetes.io/revision":{}}},"f:status":{"f:replicas":{}}}}]},
         "spec":{"replicas":3,"progressDeadlineSeconds":600,"revisionHistoryLimit":10,
          "selector":{"matchLabels":{"app":"web"}},
          "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
          "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
           "spec":{"containers":[
             {"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"],"resources":{},"imagePullPolicy":"IfNotPresent",
              "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"},
             {"name":"web","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",
              "ports":[{"containerPort":8125,"protocol":"UDP"},{"containerPort":8080,"name":"http","protocol":"TCP"}],
              "env":[{"name":"PORT","value":"8080"},{"name":"MODE","value":"prod"}],
              "resources":{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"cpu":"1","memory":"2Gi"}},
              "readinessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
              "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
            "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler",
            "volumes":[{"name":"cache","emptyDir":{"sizeLimit":"1024Mi"}}]}}},
         "status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,
          "conditions":[{"type":"Available","status":"True"}]}}
        """);

    public static JsonObject DesiredService() => Parse("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
         "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"8080"},{"name":"dns","port":53,"protocol":"UDP","targetPort":53}]}}
        """);

    public static JsonObject LiveService() => Parse("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop","labels":{"app":"web"},"resourceVersion":"99","uid":"x"},
         "spec":{"clusterIP":"10.0.0.12","clusterIPs":["10.0.0.12"],"type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],
          "ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster","selector":{"app":"web"},
          "ports":[{"name":"dns","port":53,"protocol":"UDP","targetPort":53},{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]},
         "status":{"loadBalancer":{}}}
        """);
}
