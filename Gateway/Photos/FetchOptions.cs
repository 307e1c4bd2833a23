using System.ComponentModel.DataAnnotations;
using Vision.Imaging;

namespace Gateway.Photos;

/// <summary>Fetching photos by URL (section "Fetch", after findface-extraction-api's <c>fetch:</c> settings).</summary>
public sealed class FetchOptions
{
    public const string Section = "Fetch";

    public bool Enabled { get; set; } = true;

    /// <summary>Largest photo fetched, in bytes, counted as it arrives; findface-extraction-api's size_limit.</summary>
    [Range(1, int.MaxValue)]
    public int SizeLimit { get; set; } = ImageLimits.SpecMaxBytes;

    /// <summary>Time for the whole fetch: connection, headers and body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether URLs may point into loopback, private, link-local, unique-local, multicast or unspecified addresses.</summary>
    public bool AllowPrivateNetworks { get; set; }
}
