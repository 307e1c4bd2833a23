using System.Text.Json;
using System.Text.Json.Serialization;
using ClaimCheck;
using FluentValidation;
using Gateway.Auth;
using Gateway.Errors;
using Gateway.Features;
using Gateway.Features.Docs;
using Gateway.Features.Events;
using Gateway.Features.Extract;
using Gateway.Features.Face;
using Gateway.Http;
using Gateway.Index;
using Gateway.Limits;
using Gateway.Maintenance;
using Gateway.Photos;
using Gateway.Sagas;
using Gateway.Storage;
using Gateway.Uploads;
using Gateway.WebUi;
using Hosting;
using Hosting.Observability;
using MassTransit;
using Microsoft.Extensions.Options;
using Security.Cameras;
using Vision;
using Workers.Detect;
using Workers.Embed;
using Workers.Index;

// FindFace's API port, on loopback only until configured otherwise ("Urls" or --urls).
const string DefaultUrls = "http://127.0.0.1:8000";

// --help, or a command (token, rebuild-index, regenerate, purge, check-index) to run instead of the server on the same settings.
var commandLine = GatewayCommandLine.Parse(args);
if (commandLine.ExitCode is { } exitCode)
    return exitCode;
var command = commandLine.Command;
if (command is null)
    return await ProgramStart.RunAsync(async () =>
    {
        var app = Build();
        await app.Services.AddBootstrapTokenAsync();
        app.UseMiddleware<CallLogMiddleware>();
        app.UseStatusErrorBodies();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseExtractionListeners();
        // Public files, before authentication: the app asks for the token itself.
        app.UseWebUi();
        app.UseMiddleware<FailedAuthentications>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapServiceEndpoints();
        app.MapFindFaceApi();
        app.MapUploads();
        return app;
    });

WebApplication commandHost;
try
{
    commandHost = Build();
    // A command does not start the host: the settings the server checks at start (ValidateOnStart) are checked here.
    commandHost.Services.GetService<IStartupValidator>()?.Validate();
}
catch (Exception e)
{
    return ProgramStart.Refuse(e);
}
// Ctrl+C stops a maintenance run after its current batch, with its checkpoint saved.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
return await command.RunAsync(commandHost.Services, Console.Out, interrupted.Token);

WebApplication Build()
{
    var builder = WebApplication.CreateBuilder(commandLine.HostArgs);
    var deployment = Deployment.Read(builder.Configuration, PipelineProcess.Gateway);

    // The Extraction API's own listeners (Extraction:Urls) come on top of the API's.
    builder.WebHost.UseUrls([
        .. (builder.Configuration["urls"] ?? DefaultUrls).Split(';', StringSplitOptions.RemoveEmptyEntries),
        .. builder.Configuration.GetSection(ExtractionOptions.Section).Get<ExtractionOptions>()?.ListenerUrls ?? [],
    ]);

    // FindFace's JSON: snake_case names, and members that were not asked for are left out.
    builder.Services.ConfigureHttpJsonOptions(json =>
    {
        json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    });
    builder.AddServiceDefaults();
    builder.Services.AddValidatorsFromAssemblyContaining<Program>();
    builder.Services.AddStorage(deployment);
    builder.Services.AddUploads();
    builder.Services.AddTokenAuthentication();
    builder.Services.AddPhotoFetcher();
    builder.Services.AddExtract();
    builder.Services.AddDocs();
    builder.Services.AddEvents();
    builder.Services.AddCameraUrlPolicy(builder.Configuration);
    builder.Services.AddImageCallLimits();
    builder.Services.AddOptions<FacenapiOptions>().BindConfiguration(FacenapiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section);
    builder.Services.AddScoped<CallTimings>();
    builder.Services.AddScoped<PhotoJobs>();
    builder.Services.AddScoped<EnrollHandler>();
    builder.Services.AddScoped<FaceIndexClient>();
    builder.Services.AddScoped<FaceErasure>();
    builder.Services.AddScoped<FacePersistence>();
    builder.Services.AddScoped<PendingIndexChanges>();
    builder.Services.AddHostedService<PendingIndexSweep>();

    // Standalone: the pipeline's workers run in this process. Cluster: they are processes of their own (Workers.*), and this
    // gateway hosts only its photo saga and captured faces (Hosting/Deployment.cs).
    builder.Services.AddVision(builder.Configuration);
    builder.Services.AddClaimCheck(deployment, builder.Configuration);
    // A command reaches the index shards itself, also with a cluster gateway's settings.
    if (deployment.IsStandalone || command is not null)
        builder.Services.AddFaceIndex(deployment, builder.Configuration);
    builder.Services.AddPipelineBus(deployment, stages =>
    {
        if (deployment.IsStandalone)
        {
            stages.AddDetectConsumers();
            stages.AddEmbedConsumers();
            stages.AddIndexConsumers();
        }
        // Faces the video detector captures, taken by any gateway; each runs its saga on the gateway that took it.
        stages.AddConsumer<CaptureFaceConsumer, CaptureFaceConsumerDefinition>();
        stages.AddPhotoSaga();
    });
    return builder.Build();
}

/// <summary>The gateway's entry point; public so that functional tests can start it with WebApplicationFactory.</summary>
public partial class Program;
