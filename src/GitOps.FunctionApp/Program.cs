using GitOps.Dashboard;
using GitOps.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// host.json's extensions.queues (maxDequeueCount) as the host applies it; app settings override it, as they do in the host.
FunctionsConfiguration.AddFunctionsFiles(builder.Configuration, Path.Combine(AppContext.BaseDirectory, FunctionsConfiguration.HostJsonFile), localSettingsDirectory: null);
builder.Services.AddGitOpsFunctions();
builder.Services.AddGitOpsDashboard();
builder.Services.AddSingleton<FunctionKeysCheckedByHost>();
builder.Build().Run();
