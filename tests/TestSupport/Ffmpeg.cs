using System.Diagnostics;

namespace TestSupport;

/// <summary>Runs the ffmpeg program the video detector itself uses (Debian's, installed by scripts/test.sh): test videos, RTSP streams.</summary>
public static class Ffmpeg
{
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", .. args])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        // Drained so that ffmpeg never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    public static async Task RunAsync(params string[] args)
    {
        using var process = Start(args);
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed: {await errors}");
    }
}
