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

    /// <summary>4 s of 640x360 H.264 at 25 fps: grace_hopper stands on the left (0.5-1.5 s), then man2 on the right (2.5-3.5 s),
    /// over a face-free background: two people passing a camera.</summary>
    public static async Task<string> MakePassersByAsync(string path)
    {
        await RunAsync(
            "-loop", "1", "-framerate", "25", "-i", Path.Combine(Photos.Dir, "coffee.png"),
            "-loop", "1", "-framerate", "25", "-i", Path.Combine(Photos.Dir, "grace_hopper.jpg"),
            "-loop", "1", "-framerate", "25", "-i", Path.Combine(Photos.Dir, "man2.jpg"),
            "-filter_complex", "[0]scale=640:360,setsar=1[bg];[1]scale=-2:240[a];[2]scale=-2:240[b];" +
                               "[bg][a]overlay=x=40:y=60:enable='between(t,0.5,1.5)'[v];[v][b]overlay=x=380:y=60:enable='between(t,2.5,3.5)'",
            "-t", "4", "-r", "25", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", "-y", path);
        return path;
    }
}
