using Contracts.Detection;
using Vision.Alignment;

namespace Vision.Detection;

/// <summary>How good a snapshot of a face is, on FindFace's scales: <c>score</c> from 0 (high quality) down through
/// -1 (good), -2 (satisfactory), -5 (recognition may fail); <c>direction_score</c> from 0 (frontal) down to about -3.5
/// (large angles). Both are what <c>min-score</c> and <c>min-dir-score</c> compare with and what is posted in
/// <c>detectorParams</c>.</summary>
public readonly record struct FaceQuality(double Score, double DirectionScore)
{
    // Each term is 0 for an ideal face and falls as the snapshot gets worse:
    // detector confidence (0.9, the lowest kept, costs 1), size below the facen's 112-px input (halving it costs 2),
    // the part of the box outside the frame (a half-cut face costs 2), sharpness below what a sharp photo has (halving it
    // costs 1), and half the direction score.
    private const double ConfidenceWeight = 10;
    private const double SizeWeight = 2;
    private const double CutWeight = 4;
    private const double DirectionShare = 0.5;
    private const double SharpnessWeight = 1;

    // A fifth of a sharp portrait's FaceSharpness (grace_hopper.jpg: 0.56); a Gaussian blur of sigma 2 brings that to 0.03.
    private const double SharpEnough = 0.1;

    // Yaw as the nose's sideways offset from the eyes' midpoint in eye distances (about 0.35 at 45 degrees: -2.5),
    // roll as the eye line's angle in radians (30 degrees: -1).
    private const double YawWeight = 7;
    private const double RollWeight = 2;

    public static FaceQuality Of(DetectedFace face, int frameWidth, int frameHeight)
    {
        var direction = Direction(face.Landmarks);
        var box = face.Box;
        var side = Math.Max(1, Math.Min(box.Width, box.Height));
        var insideWidth = Math.Max(0, Math.Min(box.Right, frameWidth) - Math.Max(box.Left, 0));
        var insideHeight = Math.Max(0, Math.Min(box.Bottom, frameHeight) - Math.Max(box.Top, 0));
        var visible = (double)insideWidth * insideHeight / ((double)box.Width * box.Height);

        var score = ConfidenceWeight * (face.Score - 1)
                    + SizeWeight * Math.Log2(Math.Min(1, (double)side / FaceAligner.Size))
                    + CutWeight * (visible - 1)
                    + SharpnessWeight * Math.Log2(Math.Clamp(face.Sharpness / SharpEnough, double.Epsilon, 1))
                    + DirectionShare * direction;
        return new FaceQuality(score, direction);
    }

    private static double Direction(float[] points)
    {
        var (leftX, leftY, rightX, rightY, noseX, noseY) = (points[0], points[1], points[2], points[3], points[4], points[5]);
        var (eyeX, eyeY) = (rightX - leftX, rightY - leftY);
        var eyeDistance = Math.Sqrt(eyeX * eyeX + eyeY * eyeY);
        if (eyeDistance < 1e-3)
            return -YawWeight;
        var (midX, midY) = ((leftX + rightX) / 2, (leftY + rightY) / 2);
        // The nose's offset along the eye line, in eye distances.
        var yaw = ((noseX - midX) * eyeX + (noseY - midY) * eyeY) / (eyeDistance * eyeDistance);
        var roll = Math.Atan2(eyeY, eyeX);
        return -(YawWeight * Math.Abs(yaw) + RollWeight * Math.Abs(roll));
    }
}
