using Hosting;
using Hosting.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workers.Video.Cameras;
using Workers.Video.Configuration;

namespace Workers.Video;

/// <summary>fkvideo_detector: <c>Workers.Video [-c file.ini] [options]</c> (spec 5.3); exits when every stream has
/// ended (files) or on Ctrl+C.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        DetectorCommandLine commandLine;
        try
        {
            commandLine = DetectorCommandLine.Parse(args);
        }
        catch (FormatException e)
        {
            return ProgramStart.Refuse(e);
        }
        if (commandLine.Help)
        {
            Console.WriteLine(Usage());
            return 0;
        }
        return await ProgramStart.RunAsync(() =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
            builder.Configuration.AddDetectorSources(commandLine);
            builder.UseWorkerUrls().AddServiceDefaults();
            var options = VideoOptions.Read(builder.Configuration);
            // Settings that do not fit together (Cluster without Storage:ClaimsDir) are refused here too.
            builder.Services.AddVideoDetector(builder.Configuration, options);
            builder.Services.AddHostedService<DetectorService>();
            builder.Services.AddSingleton<StreamMetrics>();
            var host = builder.Build();
            // Its instruments exist from its creation on.
            host.Services.GetRequiredService<StreamMetrics>();
            host.MapServiceEndpoints();
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Workers.Video");
            foreach (var name in VideoOptions.Ignored.Where(n => builder.Configuration[$"{VideoOptions.Section}:{n}"] is not null))
                logger.LogWarning("Option {Option} has no effect in this detector", name);
            return host;
        });
    }

    private static string Usage() =>
        "Usage: Workers.Video [-c file.ini] [--name value ...]\n" +
        "The options of fkvideo_detector (FindFace Server SDK 2.5, section 5.3); see Workers.Video/README.md.\n" +
        "Short forms: -c config, -n detector-name, -d detectors-max, -t reload-timeout, -S source, -r realtime, -h help.\n" +
        "Engine settings pass through as --Section:Key=value (--Models:Dir=..., --Nnd:MinScore=...).\n" +
        "Health and metrics (/health/live, /health/ready, /metrics) are served at --urls=http://HOST:PORT (default: a free loopback port).\n" +
        "Cluster mode: --Deployment=Cluster --Storage:ClaimsDir=DIR (and --Bus:Host=...) hands faces to the gateways over the bus.\n" +
        "Settings of every process:\n" + ProgramStart.CommonSettings + "\n" +
        "Options: " + string.Join(", ", DetectorCommandLine.Names.Order());
}
