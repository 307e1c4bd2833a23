using System.ComponentModel.DataAnnotations;

namespace Gateway.Limits;

/// <summary>How many image calls (detect, verify, identify, enroll, extract) the server takes at once (section "Limits").</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Image calls running at once; unset, two per core (the models batch what they are given meanwhile).</summary>
    [Range(0, int.MaxValue)]
    public int ImageConcurrency { get; set; }

    /// <summary>Image calls waiting for a turn (their bodies not yet read); beyond them a call is answered 429.</summary>
    [Range(0, int.MaxValue)]
    public int ImageQueue { get; set; } = 64;

    /// <summary>What a 429 tells a client to wait before trying again (<c>Retry-After</c>, whole seconds).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public int ImageConcurrencyOrDefault => ImageConcurrency > 0 ? ImageConcurrency : 2 * Environment.ProcessorCount;
}
