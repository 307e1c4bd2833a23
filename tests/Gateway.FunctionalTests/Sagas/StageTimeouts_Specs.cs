using Gateway.FunctionalTests.Api;
using Gateway.Sagas;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Gateway.FunctionalTests.Sagas;

/// <summary>The photo saga's stage timeouts (<see cref="StageTimeouts"/>) on the real gateway: a stage that answers takes its
/// timeout with it. On a gateway of its own, so that no other spec's call is in flight when the timers are counted.</summary>
public sealed class StageTimeouts_Specs
{
    [Fact]
    public async Task Should_leave_no_stage_timeout_running_once_an_enrollment_and_an_identification_are_answered()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateAuthorizedClient();
        var timeouts = gateway.Services.GetRequiredService<StageTimeouts>();
        var photo = TestSupport.Photos.Bytes("grace_hopper.jpg");

        // Detect, embed, index and persist.
        await client.EnrollAsync(photo, "stage timeouts");
        // Detect, embed and search.
        using var identified = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", photo)));
        identified.EnsureSuccessStatusCode();

        // Each stage's timeout was cancelled when the stage answered, rather than left to fire at a saga long gone.
        Assert.Equal(0, timeouts.Pending);
    }
}
