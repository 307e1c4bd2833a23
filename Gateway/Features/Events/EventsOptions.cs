using System.ComponentModel.DataAnnotations;

namespace Gateway.Features.Events;

/// <summary>Section "Events": the server-sent events stream <c>GET /v1/events</c>.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>How often a stream reads the store when this gateway has not woken it: faces other gateways store.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stream waits for a face whose id was issued before a face it has sent (ids are issued when a call
    /// starts, faces stored when it ends, so concurrent calls store them out of order).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LateFaceWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A comment line after this long without events, so that proxies keep an idle stream open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Faces read from the store at a time: what one stream holds in memory however slow its client.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
