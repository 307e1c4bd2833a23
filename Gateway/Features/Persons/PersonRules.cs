using FluentValidation;

namespace Gateway.Features.Persons;

/// <summary>The checks of a <c>person_id</c> parameter, wherever a request takes one.</summary>
public static class PersonRules
{
    public static IRuleBuilderOptions<T, long?> PersonId<T>(this IRuleBuilder<T, long?> rule) => rule
        .GreaterThan(0).WithMessage("person_id is a positive integer.").OverridePropertyName("person_id");
}
