using Contracts.Faces;
using Contracts.Index;
using Gateway.Http;
using Vision.Models;

namespace Gateway.Features.Persons;

/// <summary>Dynamic person creation's settings (spec 8.2.2) applied to a face from a camera.</summary>
public static class PersonIdentification
{
    /// <summary>The index space a face of this camera is identified in; null when dynamic person creation is off.</summary>
    public static string? SpaceOf(FacenapiOptions options, string? cameraId) =>
        options.PersonIdentify ? PersonSpaces.Of(cameraId, options.PersonIdentifyGlobal) : null;

    /// <summary>How a new face of this camera finds its person; null when dynamic person creation is off.</summary>
    public static PersonSearch? SearchFor(FacenapiOptions options, FacenCalibration calibration, string? cameraId) =>
        SpaceOf(options, cameraId) is { } space ? new PersonSearch(space, calibration.ToCosine(options.PersonIdentifyThreshold)) : null;
}
