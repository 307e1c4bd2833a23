namespace Gateway.Storage;

/// <summary>
/// Face ids: milliseconds since the Unix epoch times 1024 plus a counter, so they are unique, sort by
/// creation time and stay below 2^53 (exact in JavaScript clients) until the year 2248.
/// </summary>
public sealed class FaceIds
{
    private const int CounterBits = 10;
    private long _last;

    /// <param name="lastIssued">The largest id already stored, so that ids keep increasing across restarts.</param>
    public FaceIds(long lastIssued) => _last = lastIssued;

    public long Next()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << CounterBits;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
                return next;
        }
    }
}
