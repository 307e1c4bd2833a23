using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Vision.ClaimCheck;

/// <summary>The claim store the <see cref="Deployment"/> names: memory when every stage shares the process, the shared claims folder otherwise.</summary>
public static class ClaimCheckRegistration
{
    /// <summary>How long a claim may outlive its call before it is swept (default 10 minutes, beyond Pipeline:CallTimeout).</summary>
    public const string ClaimTtlKey = "Storage:ClaimTtl";

    public static IServiceCollection AddClaimCheck(this IServiceCollection services, Deployment deployment, IConfiguration configuration)
    {
        var ttl = configuration.GetValue(ClaimTtlKey, TimeSpan.FromMinutes(10));
        if (ttl <= TimeSpan.Zero)
            throw new StartRefusedException($"{ClaimTtlKey} must be a positive time span such as 00:10:00.");
        services.AddSingleton(new ClaimTtl(ttl));
        services.AddHostedService<ClaimSweeper>();
        return deployment.ClaimsDir is { } folder
            ? services.AddSingleton<IImageStore>(new FileImageStore(folder))
            : services.AddSingleton<IImageStore, MemoryImageStore>();
    }
}
