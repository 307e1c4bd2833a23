using Contracts.Detection;
using FluentValidation;

namespace Gateway.Features.Extract;

/// <summary>Checks one image request of spec 8.4.2; parameter names in errors are the JSON names.</summary>
public sealed class ImageRequestValidator : AbstractValidator<ImageRequest>
{
    public const string MultipartPrefix = "multipart:";

    public ImageRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(request => request.Image)
            .NotEmpty().WithMessage("image is required: an http or https URL, or multipart:<part>.")
            .Must(BeAnImageReference).WithMessage("image must be an http or https URL, or multipart:<part>.")
            .OverridePropertyName("image");
        RuleFor(request => request.Roi)
            .Must(roi => roi is null || (roi.Right > roi.Left && roi.Bottom > roi.Top))
            .WithMessage("roi must have right > left and bottom > top.")
            .OverridePropertyName("roi");
        RuleFor(request => request.Detector)
            .Must(detector => detector is null || Detectors.All.Contains(detector))
            .WithMessage($"detector must be one of {string.Join(", ", Detectors.All)}.")
            .OverridePropertyName("detector");
    }

    private static bool BeAnImageReference(string? image) =>
        image!.StartsWith(MultipartPrefix, StringComparison.Ordinal)
            ? image.Length > MultipartPrefix.Length
            : Uri.TryCreate(image, UriKind.Absolute, out var url)
              && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
              && url.Host.Length > 0;
}
