namespace Gateway.Storage;

/// <summary>
/// Face ids: milliseconds since the Unix epoch times 1024 plus a counter, so they are unique, sort by
/// creation time and stay below 2^53 (exact in JavaScript clients) until the year 2248. Gateways sharing a store
/// take turns in the counter: gateway k of n issues only ids equal to k modulo n, so two never issue the same id.
/// </summary>
public sealed class FaceIds
{
    private const int CounterBits = 10;

    /// <summary>The most gateways that can share a store: each still gets at least one id per millisecond.</summary>
    public const int MaxGateways = 1 << CounterBits;

    private readonly int _gateway;
    private readonly int _gateways;
    private long _last;

    /// <param name="lastIssued">The largest id already stored, so that ids keep increasing across restarts.</param>
    /// <param name="gateway">This gateway's number, from 0 to <paramref name="gateways"/> - 1.</param>
    /// <param name="gateways">How many gateways issue ids into the same store.</param>
    public FaceIds(long lastIssued, int gateway = 0, int gateways = 1)
    {
        if (gateways is < 1 or > MaxGateways || gateway < 0 || gateway >= gateways)
            throw new ArgumentOutOfRangeException(nameof(gateway), $"Gateway {gateway} of {gateways}: need 0 <= gateway < gateways <= {MaxGateways}.");
        _last = lastIssued;
        _gateway = gateway;
        _gateways = gateways;
    }

    /// <summary>The smallest id issued at <paramref name="time"/>: ids below it were issued earlier.</summary>
    public static long FirstAt(DateTimeOffset time) => time.ToUnixTimeMilliseconds() << CounterBits;

    public long Next()
    {
        var now = FirstAt(DateTimeOffset.UtcNow);
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            next += (_gateway - next % _gateways + _gateways) % _gateways;
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
                return next;
        }
    }
}
