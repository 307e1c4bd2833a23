using System.Globalization;
using System.Threading.RateLimiting;
using Gateway.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Gateway.Limits;

/// <summary>Image calls share one concurrency limit (ASP.NET Core's rate limiter): a token holder who sends more at once
/// waits in a bounded queue, then gets 429 with <c>Retry-After</c>, instead of every decoded photo being held in memory.</summary>
public static class ImageCallLimits
{
    public const string Policy = "images";

    public static IServiceCollection AddImageCallLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;
                // One partition: the limit protects the server's memory and models, whoever calls.
                return RateLimitPartition.GetConcurrencyLimiter(Policy, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.ImageConcurrencyOrDefault,
                    QueueLimit = options.ImageQueue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.HttpContext.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.RetryAfter;
                return TooManyRequests(context.HttpContext, retryAfter, "The server is busy with other image calls; try again after Retry-After seconds.");
            };
        });
        return services;
    }

    public static TBuilder RequireImageCallLimit<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(Policy);

    /// <summary>429 in the spec's error shape, with the seconds to wait (at least one).</summary>
    public static ValueTask TooManyRequests(HttpContext context, TimeSpan retryAfter, string reason)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new ValueTask(ApiError.TooManyRequests(reason).WriteAsync(context));
    }
}
