using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Video.Tests.Detection;

/// <summary>The camera list read from a real HTTP server that is too slow to answer.</summary>
public sealed class CameraList_Specs
{
    [Fact]
    public async Task Should_keep_polling_a_server_that_does_not_answer_within_req_timeout()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = builder.Build();
        var asked = 0;
        server.MapGet("/v0/camera", async (HttpContext context) =>
        {
            Interlocked.Increment(ref asked);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Ok(Array.Empty<object>());
        });
        await server.StartAsync();

        await using var detector = RunningDetector.Start([
            "--detector-name", "slow", "--api-port", new Uri(server.Urls.Single()).Port.ToString(), "--req-timeout", "0.2",
            "--reload-timeout", "0.2",
        ]);

        using var expiry = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Volatile.Read(ref asked) < 3 && !detector.Completion.IsCompleted)
            await Task.Delay(50, expiry.Token);
        Assert.False(detector.Completion.IsCompleted, $"The detector stopped: {detector.Completion.Exception?.GetBaseException().Message}");
    }
}
