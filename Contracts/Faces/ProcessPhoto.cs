using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Images;

namespace Contracts.Faces;

/// <summary>
/// One API call's work on a photo: find its faces, pick some, describe them, then search or enroll them.
/// Started by the gateway and run by the photo saga; answered by <see cref="ProcessPhotoResult"/> or <see cref="ProcessPhotoRejected"/>.
/// </summary>
/// <param name="JobId">Correlates the saga; new for every call.</param>
/// <param name="Boxes">Where the client says the faces are: only faces inside these boxes count, and the selector applies per box.</param>
/// <param name="Search">Search the faces in a gallery; null for none.</param>
/// <param name="Enrollment">Store the faces as new faces; null for none.</param>
/// <param name="Roi">Only faces inside this region are searched for (the Extraction API's <c>roi</c>); null: the whole image.</param>
/// <param name="Detector">One of <see cref="Detectors"/>.</param>
/// <param name="AutoRotate">When no face is found upright, search the image turned (the Extraction API's <c>auto_rotate</c>).</param>
public sealed record ProcessPhoto(
    Guid JobId,
    ImageRef Image,
    IReadOnlyList<Box>? Boxes,
    FaceSelector Selector,
    FaceAttributes Wanted,
    FaceSearch? Search,
    FaceEnrollment? Enrollment,
    Box? Roi = null,
    string Detector = Detectors.Nnd,
    bool AutoRotate = false);
