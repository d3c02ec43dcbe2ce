using GitOps.Functions.Status;

namespace GitOps.Dashboard.Views;

/// <summary>The jobs page: the status API's job overview.</summary>
public sealed record JobsModel(JobsOverview Overview);
