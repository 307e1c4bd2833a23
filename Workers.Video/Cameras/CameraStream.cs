using System.Threading.Channels;
using Contracts.Images;
using Microsoft.Extensions.Logging;
using Security.Cameras;
using SkiaSharp;
using Vision.Detection;
using Workers.Video.Analysis;
using Workers.Video.Capture;
using Workers.Video.Configuration;
using Workers.Video.Posting;

namespace Workers.Video.Cameras;

/// <summary>One camera from start to end: connects through ffmpeg, analyses the frames, and reconnects a live source
/// that fails or ends (backing off from <see cref="FirstRetry"/> to <see cref="LastRetry"/>). Chosen faces pass
/// post-uniq (when on), then are encoded and posted by <c>tracker-threads</c> workers, off the frame loop.</summary>
/// <param name="maxPixels">Largest frame taken (<c>Video:MaxPixels</c>).</param>
public sealed class CameraStream(Camera camera, VideoOptions options, long maxPixels, FaceDetection detection, IFacePoster poster,
    UniqueFaceFilter? uniqueFaces, ILogger logger)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    // Frames a live source may have waiting with disable-drops; files always wait for the analysis instead of dropping.
    private const int WaitingFrames = 8;
    private const int WaitingPosts = 64;
    private const int JpegQuality = 90;

    public Camera Camera => camera;
    public StreamStats Stats { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        VideoSource source;
        try
        {
            source = VideoSource.Parse(camera.Source);
        }
        catch (FormatException e)
        {
            Stats.Failed(e.Message);
            logger.LogError("Camera {Camera}: {Error}", camera.Id, e.Message);
            return;
        }

        var chosen = Channel.CreateBounded<FaceSnapshot>(new BoundedChannelOptions(WaitingPosts) { FullMode = BoundedChannelFullMode.Wait });
        var posters = Enumerable.Range(0, options.TrackerThreads).Select(_ => PostAsync(chosen.Reader, source.IsLive, cancellationToken)).ToList();
        try
        {
            var retry = FirstRetry;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (await ConnectAsync(source, chosen.Writer, cancellationToken) > 0)
                        retry = FirstRetry;
                    logger.LogInformation("Camera {Camera}: {Source} ended ({Stats})", camera.Id, CameraUrls.Redact(camera.Source), Stats);
                }
                catch (VideoSourceException e)
                {
                    Stats.Failed(e.Message);
                    logger.LogWarning("Camera {Camera}: {Error}", camera.Id, e.Message);
                }
                if (!source.IsLive)
                    break;
                logger.LogInformation("Camera {Camera}: reconnecting in {Seconds} s", camera.Id, retry.TotalSeconds);
                await Task.Delay(retry, cancellationToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
        finally
        {
            chosen.Writer.TryComplete();
            await Task.WhenAll(posters);
        }
    }

    /// <summary>One ffmpeg session: returns how many frames it gave.</summary>
    private async Task<long> ConnectAsync(VideoSource source, ChannelWriter<FaceSnapshot> chosen, CancellationToken cancellationToken)
    {
        await using var capture = await FfmpegCapture.OpenAsync(source, camera.SourceParams, maxPixels, logger, cancellationToken);
        Stats.Connected();
        logger.LogInformation("Camera {Camera}: {Source} open, {Width}x{Height} at {Fps} fps", camera.Id, CameraUrls.Redact(camera.Source),
            capture.Width, capture.Height, capture.Fps);

        // A live source keeps only the newest frame while the analysis is busy, unless disable-drops asks to queue them.
        var frames = source.IsLive && !options.DisableDrops
            ? Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest }, dropped =>
            {
                Stats.Dropped();
                dropped.Dispose();
            })
            : Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(WaitingFrames) { FullMode = BoundedChannelFullMode.Wait });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readBefore = Stats.FramesRead;
        var reading = Task.Run(async () =>
        {
            try
            {
                while (await capture.ReadAsync(stop.Token) is { } frame)
                {
                    Stats.Read();
                    await frames.Writer.WriteAsync(frame, stop.Token);
                }
            }
            finally
            {
                frames.Writer.TryComplete();
            }
        }, stop.Token);

        var analyser = new StreamAnalyser(camera, options, detection, Stats, chosen, logger);
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(cancellationToken))
            {
                using (frame)
                    await analyser.AnalyseAsync(frame, cancellationToken);
            }
        }
        finally
        {
            await stop.CancelAsync();
            while (frames.Reader.TryRead(out var left))
                left.Dispose();
            await analyser.EndAsync(CancellationToken.None);
        }
        await reading;
        return Stats.FramesRead - readBefore;
    }

    /// <param name="live">The frames carry the time they were read (a file's carry their place in it): the post's latency is counted.</param>
    private async Task PostAsync(ChannelReader<FaceSnapshot> chosen, bool live, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in chosen.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (cancellationToken.IsCancellationRequested)
                    continue;
                if (uniqueFaces is not null && !await uniqueFaces.AdmitAsync(snapshot))
                {
                    Stats.Duplicate();
                    continue;
                }
                var image = snapshot.Frame.Image;
                using var jpeg = image.Image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
                var post = new FacePost(camera.Id, snapshot.Time, jpeg.ToArray(), Scaled(snapshot.Box, image.Width, image.Height), snapshot.Quality);
                var accepted = await poster.PostAsync(post, cancellationToken);
                Stats.Posted(accepted, accepted && live ? DateTimeOffset.UtcNow - snapshot.Time : null);
            }
            finally
            {
                snapshot.Frame.Release();
            }
        }
    }

    /// <summary>The box grown (or shrunk) by <c>bbox-scale</c> around its centre, kept inside the frame.</summary>
    private Box Scaled(Box box, int width, int height)
    {
        var (halfWidth, halfHeight) = (box.Width * options.BboxScale / 2, box.Height * options.BboxScale / 2);
        var (centreX, centreY) = ((box.Left + box.Right) / 2.0, (box.Top + box.Bottom) / 2.0);
        return new Box(
            (int)Math.Round(Math.Max(0, centreX - halfWidth)), (int)Math.Round(Math.Max(0, centreY - halfHeight)),
            (int)Math.Round(Math.Min(width, centreX + halfWidth)), (int)Math.Round(Math.Min(height, centreY + halfHeight)));
    }
}
