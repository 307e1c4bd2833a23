using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// How every program of the pipeline starts: <c>--help</c> prints what it runs and its main settings; settings that do not fit
/// together or a start that fails (a port in use, an unwritable folder, a malformed token) end the process with one line on
/// standard error and exit code <see cref="Refused"/>, not a stack trace. What fails once the host runs is the host's to log.
/// </summary>
public static class ProgramStart
{
    /// <summary>The exit code of a process that refused its arguments or settings, or could not start.</summary>
    public const int Refused = 2;

    // The host's own category: it logs a failed start with its stack trace, which RunAsync says in one line instead.
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static volatile bool s_starting;

    /// <summary>The settings every process reads, for its help.</summary>
    public const string CommonSettings =
        "  Deployment=Standalone|Cluster   how the pipeline is deployed (Hosting/Deployment.cs lists what it changes); default Standalone\n" +
        "  Bus:Host, Bus:Port, Bus:VirtualHost, Bus:Username, Bus:Password, Bus:UseSsl   the RabbitMQ broker (Cluster)\n" +
        "  OTEL_EXPORTER_OTLP_ENDPOINT (environment)   export traces and metrics by OTLP";

    /// <summary>A worker's command line: every argument is a host setting (<c>--Key=Value</c>) but <c>--help</c>.</summary>
    /// <param name="description">What the program runs, then its settings, one per line.</param>
    /// <returns>The exit code when help was asked for (printed), else null: run with <paramref name="args"/> as settings.</returns>
    public static int? Help(string[] args, string description)
    {
        var root = new RootCommand(description) { TreatUnmatchedTokensAsErrors = false };
        var parsed = root.Parse(args);
        return parsed.Action is HelpAction ? parsed.Invoke() : null;
    }

    /// <summary>Builds and starts the host, then runs it until it stops.</summary>
    /// <returns>0 when it ran and stopped, <see cref="Refused"/> when it could not be built or started (said on standard error).</returns>
    public static Task<int> RunAsync(Func<WebApplication> build) => RunAsync(() => Task.FromResult(build()));

    /// <inheritdoc cref="RunAsync(Func{WebApplication})"/>
    public static async Task<int> RunAsync(Func<Task<WebApplication>> build)
    {
        NativeHeap.Configure();
        WebApplication app;
        s_starting = true;
        try
        {
            app = await build();
            await app.StartAsync();
        }
        catch (Exception e)
        {
            return Refuse(e);
        }
        finally
        {
            s_starting = false;
        }
        await using (app)
            await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Leaves a failed start to <see cref="RunAsync(Func{WebApplication})"/>'s one line; once started, the host logs its
    /// failures (a background service that stops it) as usual.</summary>
    public static ILoggingBuilder SayFailedStartOnce(this ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, level => !s_starting || level < LogLevel.Error);

    /// <summary>Says on standard error in one line why the program cannot start.</summary>
    /// <returns><see cref="Refused"/>.</returns>
    public static int Refuse(Exception e)
    {
        Console.Error.WriteLine($"{ProgramName}: {Reason(e)}");
        return Refused;
    }

    /// <summary>The innermost message that says what is wrong, on one line (containers and DI wrap the real cause).</summary>
    public static string Reason(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException && e.InnerException is { } inner)
            e = inner;
        var reason = e.Message.ReplaceLineEndings(" ").Trim();
        // An exception the program did not anticipate still names its kind, so that it can be looked for.
        return e is StartRefusedException or IOException or UnauthorizedAccessException or FormatException
            or Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException
            ? reason
            : $"{reason} ({e.GetType().Name})";
    }

    private static string ProgramName => Assembly.GetEntryAssembly()?.GetName().Name ?? "facepipe";
}
