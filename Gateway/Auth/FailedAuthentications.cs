using System.Threading.RateLimiting;
using Gateway.Limits;
using Microsoft.Extensions.Options;

namespace Gateway.Auth;

/// <summary>Counts the 401s each client address earns in a fixed window (ASP.NET Core's rate limiting primitives); an
/// address that used up <see cref="AuthOptions.MaxFailures"/> is answered 429 until its window ends, valid token or not.</summary>
/// <remarks>The address is the connection's: behind a proxy every client shares the proxy's (README, SECURITY.md).</remarks>
public sealed class FailedAuthentications(RequestDelegate next, IOptions<AuthOptions> options)
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MaxFailures,
            Window = options.Value.FailureWindow,
            QueueLimit = 0,
        }));

    public async Task InvokeAsync(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (_failures.GetStatistics(address) is { CurrentAvailablePermits: 0 })
        {
            await ImageCallLimits.TooManyRequests(context, options.Value.FailureWindow,
                $"Too many failed authentications from {address}; try again after Retry-After seconds.");
            return;
        }
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
            _failures.AttemptAcquire(address).Dispose();
    }
}
