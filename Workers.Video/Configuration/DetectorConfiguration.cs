using Microsoft.Extensions.Configuration;

namespace Workers.Video.Configuration;

/// <summary>Where the detector's settings come from, in rising priority: what the host already reads (environment),
/// the .ini file (<c>-c</c>, else /etc/fkvideo.ini when present), then the command line.</summary>
public static class DetectorConfiguration
{
    public const string DefaultFile = "/etc/fkvideo.ini";

    /// <exception cref="FileNotFoundException">The <c>-c</c> file does not exist.</exception>
    public static IConfigurationBuilder AddDetectorSources(this IConfigurationBuilder builder, DetectorCommandLine commandLine) =>
        builder
            .AddIniFile(Path.GetFullPath(commandLine.ConfigFile ?? DefaultFile), optional: commandLine.ConfigFile is null)
            .AddInMemoryCollection(commandLine.Values);
}
