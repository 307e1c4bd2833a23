using MassTransit;
using Microsoft.Extensions.Logging;

namespace ClaimCheck;

/// <summary>Drops a stage message whose claimed image is no longer in the store: its call was given up (timed out or answered,
/// and its claims removed) before the message was handled, typically a message the broker delivers again after an outage.
/// Nobody waits for its answer, so failing it would only fill the stage's <c>_error</c> queue. It wraps the stage's retries:
/// a claim still missing after them is dropped with a warning.</summary>
/// <remarks>A stage reads nothing from files but its claims (the models are loaded at start), so a
/// <see cref="FileNotFoundException"/> here is the store's "not (or no longer) in the store".</remarks>
public sealed class AbandonedClaimFilter<T>(ILogger<AbandonedClaimFilter<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (FileNotFoundException e)
        {
            logger.LogWarning("Dropped {Message} {MessageId}: its image {Key} is no longer in the claim store, so its call was given up",
                typeof(T).Name, context.MessageId, e.FileName);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("abandonedClaim");
}
