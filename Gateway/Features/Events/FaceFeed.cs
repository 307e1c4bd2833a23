namespace Gateway.Features.Events;

/// <summary>
/// Wakes the event streams of this gateway when it has stored faces, so that they read the store at once instead of at
/// their next poll. Only a signal: the faces themselves are read from the store, which every gateway shares.
/// </summary>
public sealed class FaceFeed
{
    private TaskCompletionSource _stored = NewSignal();

    /// <summary>Completes at the next <see cref="Stored"/>.</summary>
    public Task NextAsync() => Volatile.Read(ref _stored).Task;

    public void Stored() => Interlocked.Exchange(ref _stored, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public static class EventsRegistration
{
    public static void AddEvents(this IServiceCollection services)
    {
        services.AddSingleton<FaceFeed>();
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    }
}
