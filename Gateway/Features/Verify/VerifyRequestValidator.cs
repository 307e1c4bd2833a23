using FluentValidation;

namespace Gateway.Features.Verify;

public sealed class VerifyRequestValidator : AbstractValidator<VerifyRequest>
{
    public VerifyRequestValidator()
    {
        RuleFor(request => request.Photo1).NotNull().WithMessage("photo1 is required: an uploaded image or its URL.").OverridePropertyName("photo1");
        RuleFor(request => request.Photo2).NotNull().WithMessage("photo2 is required: an uploaded image or its URL.").OverridePropertyName("photo2");
        RuleFor(request => request.Boxes1).Must(BoxRules.AreValid).WithMessage(BoxRules.Message).OverridePropertyName("bbox1");
        RuleFor(request => request.Boxes2).Must(BoxRules.AreValid).WithMessage(BoxRules.Message).OverridePropertyName("bbox2");
    }
}
