using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Security.Cameras;

namespace Workers.Video.Capture;

/// <summary>One ffmpeg process decoding a source into raw <c>yuv420p</c> frames (<see cref="VideoFrame"/>) on its standard
/// output (FFmpeg.AutoGen is not served here, FIELD-NOTES.md). The frame size and rate come from the output stream ffmpeg
/// reports on its standard error before the first frame.</summary>
public sealed partial class FfmpegCapture : IAsyncDisposable
{
    private const int KeptLines = 8;

    /// <summary>A live stream that sends nothing for this long after its first frame is considered dead.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly VideoSource _source;
    private readonly Queue<string> _lastLines = new();
    private readonly Task _stderr;
    private readonly TaskCompletionSource<(int Width, int Height, double Fps)> _format =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly DateTimeOffset _openedAt = DateTimeOffset.UtcNow;
    private long _index;

    private FfmpegCapture(Process process, VideoSource source, ILogger logger)
    {
        _process = process;
        _source = source;
        _stderr = Task.Run(() => ReadErrorsAsync(logger));
    }

    public int Width { get; private set; }
    public int Height { get; private set; }
    public double Fps { get; private set; }

    /// <param name="maxPixels">Largest frame taken (<c>Video:MaxPixels</c>): a stream announcing a larger one is refused
    /// before any frame buffer is allocated.</param>
    /// <exception cref="VideoSourceException">ffmpeg ended before reporting a video stream (no such file, refused, no video...),
    /// or its frames are larger than <paramref name="maxPixels"/>.</exception>
    public static async Task<FfmpegCapture> OpenAsync(VideoSource source, IEnumerable<KeyValuePair<string, string>> sourceParams,
        long maxPixels, ILogger logger, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(source, sourceParams))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new VideoSourceException("ffmpeg could not be started.");
        WidenPipe(process.StandardOutput.BaseStream);
        var capture = new FfmpegCapture(process, source, logger);
        try
        {
            var ended = process.WaitForExitAsync(cancellationToken);
            var reported = await Task.WhenAny(capture._format.Task, ended);
            cancellationToken.ThrowIfCancellationRequested();
            if (reported != capture._format.Task)
            {
                await capture._stderr;
                throw new VideoSourceException($"ffmpeg could not open {CameraUrls.Redact(source.Input)}: {capture.Diagnostics}");
            }
            var (width, height, fps) = capture._format.Task.Result;
            if ((long)width * height > maxPixels)
                throw new VideoSourceException($"{CameraUrls.Redact(source.Input)} sends {width}x{height} frames, more than {maxPixels} pixels (Video:MaxPixels).");
            (capture.Width, capture.Height, capture.Fps) = (width, height, fps);
            return capture;
        }
        catch
        {
            await capture.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines ffmpeg wrote, to say why a stream failed.</summary>
    public string Diagnostics
    {
        get
        {
            lock (_lastLines)
                return _lastLines.Count == 0 ? $"ffmpeg exited with code {ExitCode()}" : string.Join(" | ", _lastLines);
        }
    }

    /// <summary>The next frame, or null when the source ended.</summary>
    /// <exception cref="VideoSourceException">A live source sent nothing for <see cref="StallTimeout"/>.</exception>
    public async Task<VideoFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        var size = VideoFrame.BufferSize(Width, Height);
        if (!_free.TryTake(out var pixels))
            pixels = GC.AllocateUninitializedArray<byte>(size);

        var read = FillAsync(pixels, cancellationToken);
        if (_source.IsLive && _index > 0)
        {
            try
            {
                await read.WaitAsync(StallTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                Kill();
                throw new VideoSourceException($"{CameraUrls.Redact(_source.Input)} sent no frame for {StallTimeout.TotalSeconds} s.");
            }
        }
        if (!await read)
        {
            _free.Add(pixels);
            return null;
        }
        var index = _index++;
        var time = _source.IsLive ? DateTimeOffset.UtcNow : _openedAt + TimeSpan.FromSeconds(index / Fps);
        return new VideoFrame(pixels, Width, Height, index, time, _free.Add);
    }

    private async Task<bool> FillAsync(byte[] pixels, CancellationToken cancellationToken)
    {
        var stream = _process.StandardOutput.BaseStream;
        var filled = 0;
        while (filled < pixels.Length)
        {
            var n = await stream.ReadAsync(pixels.AsMemory(filled), cancellationToken);
            if (n == 0)
                return false;
            filled += n;
        }
        return true;
    }

    private static IEnumerable<string> Arguments(VideoSource source, IEnumerable<KeyValuePair<string, string>> sourceParams)
    {
        string[] quiet = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"];
        foreach (var arg in quiet)
            yield return arg;
        // source-params are input options of the stream (rtsp_transport=tcp, timeout=..., rtsp_flags=listen, ...).
        foreach (var (name, value) in sourceParams)
        {
            yield return "-" + name;
            yield return value;
        }
        if (source.Format is { } format)
        {
            yield return "-f";
            yield return format;
        }
        yield return "-i";
        yield return source.Input;
        string[] video = ["-map", "0:v:0", "-an", "-sn", "-dn"];
        foreach (var arg in video)
            yield return arg;
        if (source.Fps is { } fps)
        {
            yield return "-vf";
            yield return "fps=" + fps.ToString(CultureInfo.InvariantCulture);
        }
        string[] output = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"];
        foreach (var arg in output)
            yield return arg;
    }

    // A 720p frame is 1.4 MB: through Linux's default 64 KB pipe that is ~21 wake-ups of ffmpeg and of this reader per
    // frame. 1 MB (the unprivileged maximum, /proc/sys/fs/pipe-max-size) cuts them to two; where it fails the default stays.
    private const int PipeBytes = 1 << 20;
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    private static void WidenPipe(Stream output)
    {
        if (OperatingSystem.IsLinux() && output is PipeStream pipe)
            _ = Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, PipeBytes);
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int command, int argument);

    private async Task ReadErrorsAsync(ILogger logger)
    {
        var inOutput = false;
        var source = CameraUrls.Redact(_source.Input);
        while (await _process.StandardError.ReadLineAsync() is { } read)
        {
            // ffmpeg quotes the input URL, passwords included.
            var line = CameraUrls.Redact(read);
            logger.LogDebug("ffmpeg {Source}: {Line}", source, line);
            lock (_lastLines)
            {
                _lastLines.Enqueue(line.Trim());
                if (_lastLines.Count > KeptLines)
                    _lastLines.Dequeue();
            }
            inOutput |= line.StartsWith("Output #0", StringComparison.Ordinal);
            if (inOutput && !_format.Task.IsCompleted && OutputStream().Match(line) is { Success: true } m)
            {
                var fps = FrameRate().Match(line) is { Success: true } f
                    ? double.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture)
                    : _source.Fps ?? 25;
                _format.TrySetResult((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), fps));
            }
        }
    }

    private int? ExitCode() => _process.HasExited ? _process.ExitCode : null;

    private void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        await _stderr;
        _process.Dispose();
    }

    [GeneratedRegex(@"Stream #0:0.*Video: rawvideo.*?, (\d{1,5})x(\d{1,5})")]
    private static partial Regex OutputStream();

    [GeneratedRegex(@", (\d+(?:\.\d+)?) fps")]
    private static partial Regex FrameRate();
}
