using System.Text;
using GitOps.Kubernetes.Client;

namespace GitOps.Kubernetes.Tests.Client;

public sealed class ApiStatusParserTests
{
    private static readonly ObjectRef Deployment = new("apps", "Deployment", "shop", "web");

    [Fact]
    public void ToException_InvalidStatus_CarriesReasonCodeCausesAndObject()
    {
        var body = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {}: field is immutable",
             "reason":"Invalid","details":{"name":"web","group":"apps","kind":"deployments",
             "causes":[{"reason":"FieldValueInvalid","message":"Invalid value: field is immutable","field":"spec.selector"}]},"code":422}
            """u8;

        var error = ApiStatusParser.ToException(422, body, "apply", "/apis/apps/v1/namespaces/shop/deployments/web", Deployment);

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal(Deployment, error.Object);
        Assert.True(error.IsInvalid);
        Assert.True(error.IsImmutableFieldError);
        Assert.Equal("spec.selector", Assert.Single(error.Causes).Field);
        Assert.StartsWith("Deployment/shop/web: apply failed:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToException_FieldManagerConflict_IsConflictNotAlreadyExists()
    {
        var body = """{"kind":"Status","status":"Failure","message":"Apply failed with 1 conflict","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\"","field":".data.x"}]},"code":409}"""u8;

        var error = ApiStatusParser.ToException(409, body, "apply", "/x", Deployment);

        Assert.True(error.IsConflict);
        Assert.True(error.IsFieldManagerConflict);
        Assert.False(error.IsAlreadyExists);
        Assert.False(error.IsImmutableFieldError);
    }

    [Fact]
    public void ToException_AlreadyExists_IsNotConflict()
    {
        var body = """{"kind":"Status","message":"configmaps \"x\" already exists","reason":"AlreadyExists","code":409}"""u8;

        var error = ApiStatusParser.ToException(409, body, "create", "/x", null);

        Assert.True(error.IsAlreadyExists);
        Assert.False(error.IsConflict);
    }

    [Fact]
    public void ToException_TooManyRequests_ReadsRetryAfterSeconds()
    {
        var body = """{"kind":"Status","message":"slow down","reason":"TooManyRequests","details":{"retryAfterSeconds":2},"code":429}"""u8;

        var error = ApiStatusParser.ToException(429, body, "get", "/x", null);

        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
    }

    [Fact]
    public void ToException_NonJsonBody_UsesDefaultReasonAndTextInMessage()
    {
        var error = ApiStatusParser.ToException(503, Encoding.UTF8.GetBytes("upstream connect error"), "list", "/api/v1/pods", null);

        Assert.Equal("ServiceUnavailable", error.Reason);
        Assert.Contains("upstream connect error", error.Message, StringComparison.Ordinal);
        Assert.Contains("list /api/v1/pods", error.Message, StringComparison.Ordinal);
    }
}
