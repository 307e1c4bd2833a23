namespace MassEnroll.Run;

/// <summary>The options of <c>run</c> (spec 8.5).</summary>
/// <param name="Parallel">Enrollments in flight at once.</param>
/// <param name="Gallery">The gallery the faces go to besides <c>default</c>; null or <c>default</c> for none.</param>
/// <param name="Failed">Send the images that failed before again, too.</param>
/// <param name="MfSelector">The API's <c>mf_selector</c>; null leaves the server's default.</param>
/// <param name="StatsInterval">Seconds between two progress lines.</param>
public sealed record RunOptions(
    int Parallel,
    Uri Api,
    string? Token,
    string? Gallery,
    bool Failed,
    string? MfSelector,
    bool Gender,
    bool Age,
    bool Emotions,
    int StatsInterval)
{
    public const int DefaultParallel = 10;
    public const string DefaultApi = "http://127.0.0.1:8000/";
    public const string DefaultGallery = "default";
    public const int DefaultStatsInterval = 1;
    public static readonly string[] MfSelectors = ["all", "biggest", "reject"];
}
