"""A stand-in for the EMA Workbench's function models (ema_workbench.Model), for the tests: the Workbench is not
packaged for Debian. It calls a model function the way the Workbench's Model.run_experiment does, with what
its parameters, constants and outcomes mean there:

- Model(name, function): the name must be alphanumeric; the function is called as function(**experiment).
- Uncertainties and levers (RealParameter, IntegerParameter, CategoricalParameter) are sampled by name; each
  value is passed under the parameter's variable_name (its name unless given; a list passes it under each).
- Constants (Constant(name, value)) are passed under their names.
- Outcomes (ScalarOutcome(name, variable_name=None, function=None)) read the model's output dict at their
  variable_name(s), applying `function` when one is given; an output that is missing is an error here (the
  Workbench warns and stores None, which a test would not notice).
- perform_experiments(model, scenarios=N, policies=M): N Latin-hypercube samples of the uncertainties, M of
  the levers, every scenario with every policy; returns (experiments, outcomes), a list of dicts keyed by
  parameter name and a dict of outcome name -> numpy array.
"""
import random

import numpy as np


def _names(name, variable_name):
    if variable_name is None:
        return [name]
    return [variable_name] if isinstance(variable_name, str) else list(variable_name)


class RealParameter:
    def __init__(self, name, lower_bound, upper_bound, variable_name=None):
        self.name, self.lower, self.upper = name, float(lower_bound), float(upper_bound)
        self.variable_name = _names(name, variable_name)

    def value(self, u):
        return self.lower + u * (self.upper - self.lower)


class IntegerParameter(RealParameter):
    def value(self, u):
        return int(self.lower + min(u * (self.upper - self.lower + 1), self.upper - self.lower))


class CategoricalParameter:
    def __init__(self, name, categories, variable_name=None):
        self.name, self.categories = name, list(categories)
        self.variable_name = _names(name, variable_name)

    def value(self, u):
        return self.categories[min(int(u * len(self.categories)), len(self.categories) - 1)]


class Constant:
    def __init__(self, name, value):
        self.name, self.value = name, value


class ScalarOutcome:
    def __init__(self, name, variable_name=None, function=None):
        self.name, self.function = name, function
        self.variable_name = _names(name, variable_name)

    def process(self, values):
        if self.function is not None:
            return self.function(*values)
        if len(values) != 1:
            raise ValueError(f"outcome {self.name}: {len(values)} variables and no function to combine them")
        return values[0]


class Model:
    def __init__(self, name, function=None):
        if not name.isalnum():
            raise ValueError("name of model should only contain alpha numerical characters")
        if not callable(function):
            raise ValueError("function should be callable")
        self.name, self.function = name, function
        self.uncertainties, self.levers, self.constants, self.outcomes = [], [], [], []

    def run_experiment(self, experiment):
        """What the Workbench does for one experiment: the parameters' values under their variable names,
        the constants, one call, and the outcomes read from the returned dict."""
        kwargs = {}
        for p in self.uncertainties + self.levers:
            for v in p.variable_name:
                kwargs[v] = experiment[p.name]
        for c in self.constants:
            kwargs[c.name] = c.value
        output = self.function(**kwargs)
        if not isinstance(output, dict):
            raise TypeError(f"the model function returned {type(output).__name__}, not a dict")
        results = {}
        for o in self.outcomes:
            missing = [v for v in o.variable_name if v not in output]
            if missing:
                raise KeyError(f"{', '.join(missing)} not found in model output (it has: {', '.join(output)})")
            results[o.name] = o.process([output[v] for v in o.variable_name])
        return results


def _lhs(params, n, rng):
    """n Latin-hypercube samples of params: one value per stratum of each."""
    columns = {}
    for p in params:
        strata = list(range(n))
        rng.shuffle(strata)
        columns[p.name] = [p.value((s + rng.random()) / n) for s in strata]
    return [{p.name: columns[p.name][i] for p in params} for i in range(n)]


def perform_experiments(model, scenarios=1, policies=1, seed=None):
    rng = random.Random(seed)
    scenario_points = _lhs(model.uncertainties, scenarios, rng) if model.uncertainties else [{}]
    if model.levers:
        # Like the Workbench's sampling of categorical levers: each category once before any twice.
        policy_points = _lhs(model.levers, policies, rng)
    else:
        policy_points = [{}]
    experiments, outcomes = [], {o.name: [] for o in model.outcomes}
    for s in scenario_points:
        for p in policy_points:
            x = {**s, **p}
            result = model.run_experiment(x)
            experiments.append(x)
            for name, value in result.items():
                outcomes[name].append(value)
    return experiments, {k: np.array(v) for k, v in outcomes.items()}
