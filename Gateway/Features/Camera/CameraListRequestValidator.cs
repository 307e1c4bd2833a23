using FluentValidation;

namespace Gateway.Features.Camera;

public sealed class CameraListRequestValidator : AbstractValidator<CameraListRequest>
{
    public CameraListRequestValidator()
    {
        RuleFor(request => request.Detector).DetectorName();
    }
}
