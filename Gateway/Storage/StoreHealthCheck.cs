using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Storage;

/// <summary>Ready while the metadata store answers a lookup by key (SQLite's file, or the MongoDB server).</summary>
public sealed class StoreHealthCheck(IFaceStore faces) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await faces.GetAsync(0, cancellationToken);
            return HealthCheckResult.Healthy("The metadata store answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The metadata store does not answer: {exception.Message}");
        }
    }
}
