using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Security.Network;

namespace Security.Cameras;

/// <summary>
/// Whether a camera registered through the API may be read, and with which ffmpeg input options (spec 9.4; FindFace trusts
/// any URL, which lets a token holder make the detector read local files, listen on the host's ports or reach cloud
/// metadata). The operator's own sources (the detector's command line and .ini) do not pass through it.
/// </summary>
public sealed partial class CameraUrlPolicy
{
    public const int MaxUrlLength = 2048;

    /// <summary>Network schemes and the ffmpeg protocols each may use: nothing else (file:, concat:, a playlist's file
    /// segments, a redirect to another scheme) can then be reached through them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ProtocolWhitelists = new Dictionary<string, string>
    {
        ["rtsp"] = "rtp,udp,tcp",
        ["rtsps"] = "rtp,udp,tcp,tls",
        ["rtmp"] = "rtmp,tcp",
        ["rtmps"] = "rtmps,tls,tcp",
        ["http"] = "http,tcp",
        ["https"] = "https,tls,tcp",
        ["udp"] = "udp",
        ["tcp"] = "tcp",
    };

    /// <summary>URL options of ffmpeg's udp, tcp and rtmp protocols that bind or listen on the detector's host rather than
    /// connect to the camera.</summary>
    public static readonly IReadOnlyList<string> LocalOptions =
        ["listen", "listen_timeout", "localport", "local_port", "localaddr", "local_addr", "reuse", "reuse_socket", "sources", "block"];

    public static readonly string UrlRule =
        $"url is a stream address of at most {MaxUrlLength} characters: {string.Join(", ", ProtocolWhitelists.Keys.Select(scheme => scheme + "://"))} with a host, " +
        "a webcam /dev/video<N>, or a file as file@<FPS>:<absolute path>.";

    private readonly CameraPolicyOptions _options;
    private readonly IPNetwork[]? _allowed;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="resolve">Host name to addresses; the system's resolver (the one ffmpeg uses) unless a spec gives its own.</param>
    public CameraUrlPolicy(CameraPolicyOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _options = options;
        _allowed = options.AllowedNetworks is { Length: > 0 } networks ? [.. networks.Select(IPNetwork.Parse)] : null;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>The answer for one URL: allowed with the ffmpeg input options it must be read with, or refused saying why.</summary>
    public async Task<CameraUrlCheck> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > MaxUrlLength || url.Any(char.IsControl))
            return CameraUrlCheck.Refused(UrlRule);
        if (Webcam().IsMatch(url))
            return CameraUrlCheck.Allowed([]);
        if (FileSource().Match(url) is { Success: true } file)
            return double.Parse(file.Groups["fps"].Value, CultureInfo.InvariantCulture) > 0
                ? CheckFile(file.Groups["path"].Value)
                : CameraUrlCheck.Refused(UrlRule);
        if (url.Any(char.IsWhiteSpace) || !Uri.TryCreate(url, UriKind.Absolute, out var address)
            || !ProtocolWhitelists.TryGetValue(address.Scheme, out var whitelist) || address.Host.Length == 0)
            return CameraUrlCheck.Refused(UrlRule);
        if (QueryNames(address.Query).FirstOrDefault(name => LocalOptions.Contains(name, StringComparer.OrdinalIgnoreCase)) is { } local)
            return CameraUrlCheck.Refused($"url option '{local}' would bind or listen on the detector's host; a camera is connected to, never listened for.");
        var refusal = await CheckHostAsync(address.DnsSafeHost, cancellationToken);
        return refusal is null ? CameraUrlCheck.Allowed([new("protocol_whitelist", whitelist)]) : CameraUrlCheck.Refused(refusal);
    }

    /// <summary>Largest frame (width x height) a stream may send (<c>Video:MaxPixels</c>).</summary>
    public long MaxPixels => _options.MaxPixels;

    private CameraUrlCheck CheckFile(string path)
    {
        if (string.IsNullOrEmpty(_options.MediaRoot))
            return CameraUrlCheck.Refused("url: files are not allowed as cameras on this server (Video:MediaRoot is not set).");
        var root = RealPath(_options.MediaRoot);
        var real = RealPath(path);
        if (root is null || real is null || !real.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal) || !File.Exists(real))
            return CameraUrlCheck.Refused("url: the file is not a file under the server's media folder (Video:MediaRoot), links resolved.");
        return CameraUrlCheck.Allowed([]);
    }

    // A name that does not resolve here is let through: ffmpeg cannot reach it either, and the gateway may not see the
    // cameras' LAN names that the detector does. The detector checks again at each reading of the list.
    private async Task<string?> CheckHostAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken);
            }
            catch (SocketException)
            {
                return null;
            }
        }
        return addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused
            ? $"url: the host {host} is {refused}, outside the networks cameras may be on (Video:AllowedNetworks)."
            : null;
    }

    private bool IsAllowed(IPAddress address) => _allowed is { } allowed
        ? PublicAddresses.IsIn(address, allowed)
        : !PublicAddresses.IsIn(address, [.. PublicAddresses.Loopback, .. PublicAddresses.Unspecified, .. PublicAddresses.LinkLocal, .. PublicAddresses.Metadata]);

    // ffmpeg's URL options are name=value pairs after '?', separated by '&'; a name may come alone (?listen).
    private static IEnumerable<string> QueryNames(string query) => query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => Uri.UnescapeDataString(pair.Split('=', 2)[0]));

    private static string? RealPath(string path)
    {
        var resolved = Realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Marshal.FreeHGlobal(resolved);
        }
    }

    // POSIX realpath(3): every symbolic link and '..' of every component resolved, as the kernel will when ffmpeg opens it.
    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr Realpath(string path, IntPtr resolved);

    [GeneratedRegex(@"^/dev/video[0-9]{1,3}\z")]
    private static partial Regex Webcam();

    [GeneratedRegex(@"^file@(?<fps>[0-9]{1,3}(\.[0-9]{1,3})?):(?<path>/.+)\z")]
    private static partial Regex FileSource();
}

/// <summary>A camera URL allowed, with the ffmpeg input options it must be opened with, or refused with the reason.</summary>
public sealed record CameraUrlCheck(string? Refusal, IReadOnlyList<KeyValuePair<string, string>> InputOptions)
{
    public bool IsAllowed => Refusal is null;

    public static CameraUrlCheck Allowed(IReadOnlyList<KeyValuePair<string, string>> inputOptions) => new(null, inputOptions);

    public static CameraUrlCheck Refused(string reason) => new(reason, []);
}
