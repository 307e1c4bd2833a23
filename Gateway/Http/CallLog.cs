using System.Diagnostics;
using System.Text;

namespace Gateway.Http;

/// <summary>What one API call's photo sagas reported of their stages, summed by stage (a verify runs two).</summary>
public sealed class CallTimings
{
    private readonly Dictionary<string, double> _stageMs = [];

    public IReadOnlyDictionary<string, double> StageMs => _stageMs;

    public void Add(IReadOnlyDictionary<string, double>? stageMs)
    {
        foreach (var (stage, ms) in stageMs ?? new Dictionary<string, double>())
            _stageMs[stage] = _stageMs.GetValueOrDefault(stage) + ms;
    }
}

/// <summary>
/// One log line per API call with its stage timings, as findface-facenapi writes it (spec 10.2:
/// <c>200 POST /v0/face (127.0.0.1) 1114 487 241 12</c>), with the stages named. The route's template is logged, not its
/// path, so that metas and gallery names (personal data) stay out of the log.
/// </summary>
public sealed class CallLogMiddleware(RequestDelegate next, ILogger<CallLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, CallTimings timings)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                logger.LogInformation("{Status} {Method} {Route} ({Client}) {TotalMs:F0} ms{Stages}",
                    context.Response.StatusCode, context.Request.Method, route, context.Connection.RemoteIpAddress,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, Describe(timings.StageMs));
            }
        }
    }

    private static string Describe(IReadOnlyDictionary<string, double> stageMs)
    {
        if (stageMs.Count == 0)
            return "";
        var line = new StringBuilder(":");
        foreach (var (stage, ms) in stageMs)
            line.Append($" {stage} {ms:F1}");
        return line.ToString();
    }
}
