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


def lcm_plan(steps, strength=1.0, original=50):
    # diffusers LCMScheduler.set_timesteps: teacher grid k*c - 1, read from the noisy end at floor(linspace(0, len, steps, endpoint=False))
    c = N_TRAIN // original
    grid = [k * c - 1 for k in range(1, int(original * strength) + 1)][::-1]
    return [grid[math.floor(i * len(grid) / steps)] for i in range(steps)]


def lcm_step(x, eps, t, t_next, noise, scaling=10.0, sigma_data=0.5):
    scaled = t * scaling
    c_skip = sigma_data ** 2 / (scaled ** 2 + sigma_data ** 2)
    c_out = scaled / math.sqrt(scaled ** 2 + sigma_data ** 2)
    a = level(t)
    denoised = c_out * (x - math.sqrt(1 - a) * eps) / math.sqrt(a) + c_skip * x
    an = level(t_next)
    return denoised, math.sqrt(an) * denoised + math.sqrt(1 - an) * noise


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
    print("lcm 4:", lcm_plan(4), " lcm 8:", lcm_plan(8), " lcm 4 at strength 0.5:", lcm_plan(4, 0.5))
    d, xn = lcm_step(1.0, 0.5, 259, 19, 0.25)
    print(f"lcm step 259->19 (noise 0.25): denoised = {d:.10f}, x' = {xn:.10f}")
    d1, _ = lcm_step(0.3, 0.1, 1, 1, 0.0)
    print(f"lcm boundary at t 1 (x 0.3, eps 0.1): denoised = {d1:.10f}")
