#!/usr/bin/env python3
"""Independent float64 reference for the scheduler tests (python3 stdlib only, no numpy, no diffusers).

Computes, straight from the DDIM / diffusers formulas, the numbers that SchedulerReferenceTests asserts:
SD 1.5's scaled_linear alpha-bar values, DDIM "leading" timesteps, img2img truncation, one DDIM step,
one DDIM inverse step, and one Euler step. Run: python3 scheduler_reference.py
"""
import math

# SD 1.5 scheduler_config.json
N_TRAIN, BETA_START, BETA_END, OFFSET = 1000, 0.00085, 0.012, 1


def alphas_cumprod():
    # scaled_linear: betas = linspace(sqrt(b0), sqrt(b1), N) ** 2
    s0, s1 = math.sqrt(BETA_START), math.sqrt(BETA_END)
    out, prod = [], 1.0
    for i in range(N_TRAIN):
        beta = (s0 + (s1 - s0) * i / (N_TRAIN - 1)) ** 2
        prod *= 1.0 - beta
        out.append(prod)
    return out


AC = alphas_cumprod()
FINAL = AC[0]  # set_alpha_to_one = false: the level "before t = 0" is alpha-bar at t = 0


def level(t):
    return AC[t] if t >= 0 else FINAL


def leading(steps):
    ratio = N_TRAIN // steps
    return [i * ratio + OFFSET for i in range(steps)][::-1]


def trailing(steps):
    # round(N - i*N/steps) - 1; Python's round() is half-to-even like numpy's
    return [round(N_TRAIN - i * N_TRAIN / steps) - 1 for i in range(steps)]


def linspace(steps):
    return [round(k * (N_TRAIN - 1) / (steps - 1)) for k in range(steps)][::-1]


def strength_plan(steps, strength):
    init = min(int(steps * strength), steps)  # double arithmetic: int(50 * 0.58) == 28
    return leading(steps)[steps - init:]


def ddim_step(x, eps, t, t_prev):
    a, ap = level(t), level(t_prev)
    x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
    return x0, math.sqrt(ap) * x0 + math.sqrt(1 - ap) * eps


def ddim_inverse(x, eps, t_from, t_to):
    a, an = level(t_from), level(t_to)
    x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
    return math.sqrt(an) * x0 + math.sqrt(1 - an) * eps


def euler_step(x, eps, t, t_prev):
    sigma = lambda tt: math.sqrt((1 - AC[tt]) / AC[tt]) if tt >= 0 else 0.0
    s, sn = sigma(t), sigma(t_prev)
    x0 = x - s * eps
    return x0, x + (x - x0) / s * (sn - s), s


if __name__ == "__main__":
    for t in (0, 481, 499, 781, 999):
        print(f"alpha_bar[{t}] = {AC[t]:.10f}")
    print("ddim 50:", leading(50))
    print("ddim 30:", leading(30))
    print("trailing 30:", trailing(30))
    print("linspace 30:", linspace(30))
    for s in (0.5, 0.8, 0.58):
        plan = strength_plan(50, s)
        print(f"strength {s}: first t {plan[0]}, {len(plan)} steps, last {plan[-1]}")
    x0, xp = ddim_step(1.0, 0.5, 981, 961)
    print(f"ddim step 981->961: x0 = {x0:.10f}, x' = {xp:.10f}")
    print(f"ddim inverse 1->21: {ddim_inverse(0.2, -0.3, 1, 21):.10f}")
    ex0, exp_, es = euler_step(1.0, 0.5, 981, 961)
    print(f"euler 981->961: sigma = {es:.10f}, x0 = {ex0:.10f}, x' = {exp_:.10f}")
    print(f"euler init sigma (leading, t 981) = {math.sqrt(es * es + 1):.10f}")
