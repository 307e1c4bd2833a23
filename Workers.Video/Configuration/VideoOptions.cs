using System.Globalization;
using Contracts.Images;
using Microsoft.Extensions.Configuration;

namespace Workers.Video.Configuration;

/// <summary>fkvideo_detector's options (spec 5.3) with the spec's names and defaults, read from the <c>[General]</c>
/// section that the .ini file and the command line both fill (the command line wins).</summary>
public sealed record VideoOptions
{
    public const string Section = "General";

    /// <summary>Options of FindFace's that have no effect here (licensing, the video sink, track drawing).</summary>
    public static readonly IReadOnlyList<string> Ignored = ["license-ntls-server", "draw-track", "sink-url", "sink-res"];

    /// <summary>Whose cameras to read from the server when no <c>source</c> is given: the host name by default, as the spec says.</summary>
    public string DetectorName { get; init; } = Environment.MachineName;
    public int DetectorsMax { get; init; } = 5;
    public TimeSpan ReloadTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public string? CamId { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> SourceParams { get; init; } = [];

    public string ApiHost { get; init; } = "127.0.0.1";
    public int ApiPort { get; init; } = 8000;
    public string? ApiToken { get; init; }
    public string RequestUrl { get; init; } = "/v0/face";
    public string CameraUrl { get; init; } = "/v0/camera";
    public string ImgArg { get; init; } = "photo";
    public TimeSpan ReqTimeout { get; init; } = TimeSpan.FromSeconds(3);
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Body { get; init; } = [];
    public bool StartTs { get; init; }

    /// <summary>Share of the scaled frame's pixels that must change for motion; 0 turns the motion detector off.</summary>
    public double MdThreshold { get; init; } = 0.002;
    public double Scale { get; init; } = 0.3;

    public bool Realtime { get; init; }
    public double MinScore { get; init; } = -7;
    public double MinDirScore { get; init; } = -1000;
    public TimeSpan RtRefresh { get; init; }
    public double RtScoreStep { get; init; } = 1;
    public TimeSpan RtDelay { get; init; }

    /// <summary>Clipping rectangle: faces are detected and tracked only inside it.</summary>
    public Box? Rot { get; init; }
    /// <summary>Region of interest: only faces whose centre lies inside it are posted.</summary>
    public Box? Roi { get; init; }
    public double BboxScale { get; init; } = 1;
    public int MinFaceSize { get; init; }
    public int MaxFaceSize { get; init; }
    public int MaxPersons { get; init; } = 4;
    public int TrackerThreads { get; init; } = 1;

    /// <summary>post-uniq: a face like one the camera posted within <see cref="UcMaxTimeDiff"/>, no farther from it than
    /// <see cref="UcMaxAvgShift"/> pixels, is posted only while fewer than <see cref="UcMaxDup"/> such faces were. The spec
    /// gives no defaults for the <c>uc-*</c> options: they are its examples (1 s, 3 faces, 10 px).</summary>
    public bool PostUniq { get; init; }
    public TimeSpan UcMaxTimeDiff { get; init; } = TimeSpan.FromSeconds(1);
    public int UcMaxDup { get; init; } = 3;
    public double UcMaxAvgShift { get; init; } = 10;
    public bool SinglePass { get; init; }
    public bool DisableDrops { get; init; }

    /// <exception cref="FormatException">A value of the wrong type or out of range, naming the option.</exception>
    public static VideoOptions Read(IConfiguration configuration)
    {
        var s = configuration.GetSection(Section);
        var defaults = new VideoOptions();
        return new VideoOptions
        {
            DetectorName = Text(s, "detector-name") ?? defaults.DetectorName,
            DetectorsMax = Integer(s, "detectors-max", defaults.DetectorsMax, min: 1),
            ReloadTimeout = TimeSpan.FromSeconds(Number(s, "reload-timeout", defaults.ReloadTimeout.TotalSeconds, min: 0.1)),
            CamId = Text(s, "camid"),
            Source = Text(s, "source"),
            SourceParams = List(s, "source-params"),
            ApiHost = Text(s, "api-host") ?? defaults.ApiHost,
            ApiPort = Integer(s, "api-port", defaults.ApiPort, min: 1),
            ApiToken = Text(s, "api-token"),
            RequestUrl = Text(s, "request-url") ?? defaults.RequestUrl,
            CameraUrl = Text(s, "camera-url") ?? defaults.CameraUrl,
            ImgArg = Text(s, "img-arg") ?? defaults.ImgArg,
            ReqTimeout = TimeSpan.FromSeconds(Number(s, "req-timeout", defaults.ReqTimeout.TotalSeconds, min: 0.001)),
            Headers = List(s, "headers"),
            Body = [.. BodyPrefixed(s), .. List(s, "body")],
            StartTs = Flag(s, "start-ts"),
            MdThreshold = Number(s, "md-threshold", defaults.MdThreshold, min: 0),
            Scale = Number(s, "scale", defaults.Scale, min: 0.01, max: 1),
            Realtime = Flag(s, "realtime"),
            MinScore = Number(s, "min-score", defaults.MinScore),
            MinDirScore = Number(s, "min-dir-score", defaults.MinDirScore),
            RtRefresh = TimeSpan.FromMilliseconds(Number(s, "rt-refresh", 0, min: 0)),
            RtScoreStep = Number(s, "rt-score-step", defaults.RtScoreStep, min: 0),
            RtDelay = TimeSpan.FromMilliseconds(Number(s, "rt-delay", 0, min: 0)),
            Rot = Rectangle(s, "rot"),
            Roi = Rectangle(s, "roi"),
            BboxScale = Number(s, "bbox-scale", defaults.BboxScale, min: 0.1),
            MinFaceSize = Integer(s, "min-face-size", 0, min: 0),
            MaxFaceSize = Integer(s, "max-face-size", 0, min: 0),
            MaxPersons = Integer(s, "max-persons", defaults.MaxPersons, min: 1),
            TrackerThreads = Integer(s, "tracker-threads", defaults.TrackerThreads, min: 1),
            PostUniq = Flag(s, "post-uniq"),
            UcMaxTimeDiff = TimeSpan.FromSeconds(Number(s, "uc-max-time-diff", defaults.UcMaxTimeDiff.TotalSeconds, min: 0)),
            UcMaxDup = Integer(s, "uc-max-dup", defaults.UcMaxDup, min: 1),
            UcMaxAvgShift = Number(s, "uc-max-avg-shift", defaults.UcMaxAvgShift, min: 0),
            SinglePass = Flag(s, "single-pass"),
            DisableDrops = Flag(s, "disable-drops"),
        };
    }

    private static string? Text(IConfigurationSection s, string name) => s[name] is { Length: > 0 } text ? text.Trim() : null;

    private static double Number(IConfigurationSection s, string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Text(s, name) is not { } text)
            return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name}: '{text}' is not a number in [{min}, {max}].");
    }

    private static int Integer(IConfigurationSection s, string name, int fallback, int min)
    {
        if (Text(s, name) is not { } text)
            return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new FormatException($"{name}: '{text}' is not an integer of at least {min}.");
    }

    private static bool Flag(IConfigurationSection s, string name) => Text(s, name) switch
    {
        null or "0" or "false" => false,
        "1" or "true" => true,
        var text => throw new FormatException($"{name}: '{text}' is not 1 or 0."),
    };

    private static Box? Rectangle(IConfigurationSection s, string name)
    {
        if (Text(s, name) is not { } text)
            return null;
        try
        {
            return Region.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{name}: {e.Message}");
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> List(IConfigurationSection s, string name) =>
        KeyValueList.Parse(Text(s, name), name);

    // The spec's sample .ini writes "body-mf_selector=all,meta=User Meta": a first field named in the key, more after commas.
    private static IEnumerable<KeyValuePair<string, string>> BodyPrefixed(IConfigurationSection s) =>
        s.GetChildren().Where(c => c.Key.StartsWith("body-", StringComparison.Ordinal) && c.Value is not null)
            .SelectMany(c => KeyValueList.Parse($"{c.Key["body-".Length..]}={c.Value}", c.Key));
}
