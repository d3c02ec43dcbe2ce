using System.Text;
using GitOps.Functions.CustomHandler;

namespace GitOps.Functions.Tests.CustomHandler;

/// <summary>Defensive reading of the host's payload pieces.</summary>
public sealed class InvocationRequestTests
{
    private static InvocationRequest Parse(string json) => InvocationRequest.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void TimerIsPastDue_TimerInfoSentAsJsonString_ReadsTheFlag()
    {
        using var request = Parse("{\"Data\":{\"timer\":\"{\\\"Schedule\\\":{},\\\"IsPastDue\\\":true}\"},\"Metadata\":{}}");

        Assert.True(request.TimerIsPastDue("timer"));
    }

    [Fact]
    public void QueueMessageText_BindingNameInOtherCase_IsFound()
    {
        using var request = Parse("{\"Data\":{\"Job\":\"hello\"},\"Metadata\":{\"DequeueCount\":2}}");

        Assert.Equal("hello", request.QueueMessageText("job"));
        Assert.Equal(2, request.MetadataInt64("dequeueCount"));
    }

    [Fact]
    public void QueueMessageText_NoData_IsNull()
    {
        using var request = Parse("{\"Metadata\":{}}");

        Assert.Null(request.QueueMessageText("job"));
        Assert.Null(request.MetadataInt64("DequeueCount"));
    }

    [Fact]
    public void Parse_JsonArray_ThrowsInvalidInvocation()
    {
        Assert.Throws<InvalidInvocationException>(() => Parse("[1,2]"));
    }
}
