namespace GitOps.KubeSim.Tests.Conformance;

/// <summary>Manifests shared by the kubectl conformance tests.</summary>
internal static class Manifests
{
    public const string App = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: demo
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: demo
          labels: {app: web, tier: frontend}
        data:
          mode: blue
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: other
          namespace: demo
          labels: {app: db}
        data:
          mode: green
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: demo
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25
                ports:
                - containerPort: 80
                resources:
                  requests: {cpu: "0.5", memory: 1024Mi}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: demo
          labels: {app: web}
        spec:
          selector: {app: web}
          ports:
          - port: 80
        """;

    public const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wd]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    public const string Widget = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: gizmo
          namespace: default
        spec:
          size: 3
        """;
}
