using System.ComponentModel.DataAnnotations;
using Vision.Imaging;

namespace Gateway.Features.Extract;

/// <summary>The Extraction API's settings (section "Extraction").</summary>
public sealed class ExtractionOptions
{
    public const string Section = "Extraction";

    /// <summary>
    /// Extra listeners, separated by ';', that serve the Extraction API at <c>POST /</c> as findface-extraction-api
    /// does (spec 8.4.2, http://127.0.0.1:18666/); empty for none. <c>POST /v1/extract</c> is always served.
    /// </summary>
    public string Urls { get; set; } = "";

    /// <summary>Whether <c>POST /</c> on the listeners needs a token (api or admin). False gives FindFace's extraction API, which
    /// takes none: anyone who reaches the port may then use the server's models.</summary>
    public bool RequireToken { get; set; } = true;

    /// <summary>Largest request body, all images included; larger ones are refused with 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest uploaded image; a larger one is refused with 400 BAD_PARAM.</summary>
    [Range(1, int.MaxValue)]
    public int MaxImageSize { get; set; } = ImageLimits.SpecMaxBytes;

    /// <summary>findface-extraction-api.ini's quality_estimator: <c>detection_score</c> is the face's quality (0 best, about -5
    /// and below where recognition may fail; <see cref="Vision.Detection.FaceQuality"/>) instead of the detector's confidence.</summary>
    public bool QualityEstimator { get; set; }

    /// <summary>Most image requests in one call; more are refused with 400 BAD_PARAM, so that one call cannot hold the
    /// models for minutes (2,000 requests on one photo took 64 s).</summary>
    [Range(1, int.MaxValue)]
    public int MaxRequests { get; set; } = 64;

    public IEnumerable<string> ListenerUrls => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
