using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vision.Detection;
using Vision.Embedding;

namespace Vision.Health;

/// <summary>Ready once the face engine's models are loaded: the first check loads them (sessions are created on first use),
/// so a process is not sent work while it still reads its models.</summary>
public sealed class ModelsHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            services.GetRequiredService<FaceDetection>();
            services.GetRequiredService<FaceDescriber>();
            return Task.FromResult(HealthCheckResult.Healthy("Models loaded."));
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The models could not be loaded: {exception.Message}"));
        }
    }
}
