using Contracts.Images;
using Workers.Video.BestFace;

namespace Workers.Video.Analysis;

/// <summary>One face followed from frame to frame, with its velocity and the choice of its best snapshot.</summary>
public sealed class Track(long id, Box box, DateTimeOffset seen, IBestFaceChoice choice)
{
    // Box centre velocity in pixels per second of stream time, from the last two sightings.
    private double _velocityX, _velocityY;

    public long Id => id;
    public Box Box { get; private set; } = box;
    public DateTimeOffset LastSeen { get; private set; } = seen;
    public IBestFaceChoice Choice => choice;

    /// <summary>Detections in a row that did not find the face.</summary>
    public int Missed { get; private set; }

    public void Miss() => Missed++;

    /// <summary>Where the face should be at <paramref name="time"/> if it keeps its speed: a fast walker moves
    /// more than a box width between analysed frames, and only the predicted box still overlaps it.</summary>
    public Box PredictedAt(DateTimeOffset time)
    {
        var seconds = (time - LastSeen).TotalSeconds;
        var (dx, dy) = ((int)Math.Round(_velocityX * seconds), (int)Math.Round(_velocityY * seconds));
        return new Box(Box.Left + dx, Box.Top + dy, Box.Right + dx, Box.Bottom + dy);
    }

    public void Saw(Box box, DateTimeOffset time)
    {
        var seconds = (time - LastSeen).TotalSeconds;
        if (seconds > 0)
        {
            _velocityX = (box.Left + box.Right - Box.Left - Box.Right) / 2.0 / seconds;
            _velocityY = (box.Top + box.Bottom - Box.Top - Box.Bottom) / 2.0 / seconds;
        }
        Box = box;
        LastSeen = time;
        Missed = 0;
    }
}
