namespace Workers.Video.Configuration;

/// <summary>fkvideo_detector's command line (spec 5.3.1): <c>--name value</c>, <c>--name=value</c>, the short aliases,
/// flags whose value may be left out (<c>-r</c> is <c>-r 1</c>), and <c>--body</c>/<c>--headers</c> given several times.
/// Settings of the engine (<c>--Models:Dir=...</c>, <c>--Nnd:MinFaceSize=...</c>) pass through as configuration keys.</summary>
public sealed class DetectorCommandLine
{
    private enum Kind { Value, Flag, List }

    private static readonly Dictionary<string, Kind> Options = new(StringComparer.Ordinal)
    {
        ["config"] = Kind.Value, ["license-ntls-server"] = Kind.Value, ["detector-name"] = Kind.Value,
        ["detectors-max"] = Kind.Value, ["reload-timeout"] = Kind.Value, ["camid"] = Kind.Value,
        ["api-host"] = Kind.Value, ["api-port"] = Kind.Value, ["api-token"] = Kind.Value,
        ["source"] = Kind.Value, ["source-params"] = Kind.Value, ["md-threshold"] = Kind.Value, ["scale"] = Kind.Value,
        ["request-url"] = Kind.Value, ["camera-url"] = Kind.Value, ["img-arg"] = Kind.Value, ["req-timeout"] = Kind.Value,
        ["headers"] = Kind.List, ["body"] = Kind.List, ["bbox-scale"] = Kind.Value,
        ["post-uniq"] = Kind.Value, ["uc-max-time-diff"] = Kind.Value, ["uc-max-dup"] = Kind.Value, ["uc-max-avg-shift"] = Kind.Value,
        ["realtime"] = Kind.Flag, ["min-score"] = Kind.Value, ["min-dir-score"] = Kind.Value,
        ["rt-refresh"] = Kind.Value, ["rt-score-step"] = Kind.Value, ["rt-delay"] = Kind.Value,
        ["rot"] = Kind.Value, ["roi"] = Kind.Value, ["draw-track"] = Kind.Flag,
        ["min-face-size"] = Kind.Value, ["max-face-size"] = Kind.Value, ["max-persons"] = Kind.Value,
        ["single-pass"] = Kind.Flag, ["start-ts"] = Kind.Value, ["disable-drops"] = Kind.Flag,
        ["sink-url"] = Kind.Value, ["sink-res"] = Kind.Value, ["tracker-threads"] = Kind.Value, ["help"] = Kind.Flag,
    };

    private static readonly Dictionary<char, string> Aliases = new()
    {
        ['c'] = "config", ['n'] = "detector-name", ['d'] = "detectors-max", ['t'] = "reload-timeout",
        ['S'] = "source", ['r'] = "realtime", ['h'] = "help",
    };

    private DetectorCommandLine(string? configFile, bool help, IReadOnlyDictionary<string, string?> values)
    {
        ConfigFile = configFile;
        Help = help;
        Values = values;
    }

    /// <summary>The <c>-c</c> file, when given.</summary>
    public string? ConfigFile { get; }

    public bool Help { get; }

    /// <summary>Configuration keys: the detector's options under <see cref="VideoOptions.Section"/>, engine settings as given.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    public static IReadOnlyCollection<string> Names => Options.Keys;

    private const string UrlsKey = "urls";

    /// <exception cref="FormatException">An unknown option, or one without its value.</exception>
    public static DetectorCommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            // Engine settings (Section:Key), the deployment and where health and metrics are served pass through as configuration keys.
            if (name.Contains(':') || name is UrlsKey or Hosting.Deployment.Key)
            {
                values[name] = inline ?? Next(args, ref i, name);
                continue;
            }
            if (!Options.TryGetValue(name, out var kind))
                throw new FormatException($"Unknown option '{args[i]}' (see --help).");

            var value = kind == Kind.Flag
                ? inline ?? (i + 1 < args.Count && args[i + 1] is "0" or "1" or "true" or "false" ? args[++i] : "1")
                : inline ?? Next(args, ref i, name);
            var key = $"{VideoOptions.Section}:{name}";
            values[key] = kind == Kind.List && values.TryGetValue(key, out var earlier) ? $"{earlier},{value}" : value;
        }
        var help = values.Remove($"{VideoOptions.Section}:help", out var asked) && asked is "1" or "true";
        values.Remove($"{VideoOptions.Section}:config", out var config);
        return new DetectorCommandLine(config, help, values);
    }

    private static (string Name, string? Value) Split(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var parts = arg[2..].Split('=', 2);
            return (parts[0], parts.Length == 2 ? parts[1] : null);
        }
        if (arg.Length >= 2 && arg[0] == '-' && Aliases.TryGetValue(arg[1], out var name))
            return (name, arg.Length > 2 ? arg[2..].TrimStart('=') : null);
        throw new FormatException($"Unknown option '{arg}' (see --help).");
    }

    // A value may start with '-' (--min-score -1.5), so the next argument is taken whatever it is.
    private static string Next(IReadOnlyList<string> args, ref int i, string name) =>
        ++i < args.Count ? args[i] : throw new FormatException($"--{name} needs a value.");
}
