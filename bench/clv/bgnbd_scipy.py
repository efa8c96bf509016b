"""BG/NBD fitted the way Python's lifetimes (0.11, BetaGeoFitter) fits it, for bench/clv/run.sh.

lifetimes itself is not installable on this machine (no Debian package; PyPI is not reachable), so this file writes out
what BetaGeoFitter.fit does, with NumPy and SciPy from Debian: the same per-customer negative log-likelihood
(_negative_log_likelihood: A_1 + A_2 + log-sum-exp of A_3, A_4, mean over customers), the same time scaling
(T and recency times 10 / max T, alpha scaled back afterwards), the same start (log-parameters 0.1) and the same
optimiser (scipy.optimize.minimize, method None = BFGS, tol 1e-7). One difference: lifetimes takes the gradient by
autograd, which Debian does not package; here it is written out analytically (the same formulas as Kith's).
It then scores every customer as lifetimes' conditional_expected_number_of_purchases_up_to_time and
conditional_probability_alive do (the 2F1 from scipy.special.hyp2f1).

Usage: python3 bgnbd_scipy.py SUMMARY_CSV [HORIZON=52]   (columns x, t_x, T in weeks, monetary; from measure.cs)
Prints a Markdown paragraph.
"""
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1

path = sys.argv[1]
horizon = float(sys.argv[2]) if len(sys.argv) > 2 else 52.0
data = np.loadtxt(path, delimiter=",", skiprows=1)
freq, rec, T = data[:, 0], data[:, 1], data[:, 2]

start, cpu = time.perf_counter(), time.process_time()
scale = 10.0 / T.max()  # lifetimes' _scale_time
rec_s, T_s = rec * scale, T * scale
repeat = freq > 0
n = len(freq)


def nll_and_grad(log_params, rec_s=rec_s, T_s=T_s):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + freq) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + freq) - gammaln(b) - gammaln(a + b + freq)
    a3 = -(r + freq) * np.log(alpha + T_s)
    bx = b + np.maximum(freq, 1) - 1
    a4 = np.log(a) - np.log(bx) - (r + freq) * np.log(rec_s + alpha)
    m = np.maximum(a3, a4)
    e3, e4 = np.exp(a3 - m), np.exp(a4 - m) * repeat
    lse = np.log(e3 + e4) + m
    ll = a1 + a2 + lse
    w4 = e4 / (e3 + e4)
    w3 = 1 - w4
    # d ll / d(r, alpha, a, b), then times the parameter for the log-parameters
    dr = digamma(r + freq) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T_s) - w4 * np.log(rec_s + alpha)
    dalpha = r / alpha - w3 * (r + freq) / (alpha + T_s) - w4 * (r + freq) / (rec_s + alpha)
    dab = digamma(a + b) - digamma(a + b + freq)
    da = dab + w4 / a
    db = dab + digamma(b + freq) - digamma(b) - w4 / bx
    grad = -np.array([dr.sum() * r, dalpha.sum() * alpha, da.sum() * a, db.sum() * b]) / n
    return -ll.sum() / n, grad


result = minimize(nll_and_grad, x0=0.1 * np.ones(4), jac=True, method=None, tol=1e-7)
r, alpha, a, b = np.exp(result.x)
alpha /= scale
fit_s, fit_cpu = time.perf_counter() - start, time.process_time() - cpu
ll_weeks = -nll_and_grad(np.log([r, alpha, a, b]), rec, T)[0] * n  # in weeks, comparable with Kith's

# Scoring, as lifetimes' conditional_expected_number_of_purchases_up_to_time and conditional_probability_alive.
start, cpu = time.perf_counter(), time.process_time()
t = horizon
_a, _b, _c, _z = r + freq, b + freq, a + b + freq - 1, t / (alpha + T + t)
with np.errstate(divide="ignore"):
    ln_hyp_term = np.log(hyp2f1(_a, _b, _c, _z))
    ln_hyp_term_alt = np.log(hyp2f1(_c - _a, _c - _b, _c, _z)) + (_c - _a - _b) * np.log(1 - _z)
ln_hyp_term = np.where(np.isinf(ln_hyp_term), ln_hyp_term_alt, ln_hyp_term)
first_term = (a + b + freq - 1) / (a - 1)
second_term = 1 - np.exp(ln_hyp_term + (r + freq) * np.log((alpha + T) / (alpha + t + T)))
numerator = first_term * second_term
denominator = 1 + repeat * (a / (b + freq - 1)) * ((alpha + T) / (alpha + rec)) ** (r + freq)
expected = numerator / denominator
p_alive = np.where(repeat, 1 / (1 + (a / (b + freq - 1)) * ((alpha + T) / (alpha + rec)) ** (r + freq)), 1.0)
score_s, score_cpu = time.perf_counter() - start, time.process_time() - cpu

print(
    f"NumPy/SciPy stand-in for lifetimes' BetaGeoFitter (`bench/clv/bgnbd_scipy.py`, NumPy {np.__version__}, "
    f"SciPy {__import__('scipy').__version__}, one thread) on the same {n:,} customers: "
    f"**fit {fit_s:.2f} s** wall, {fit_cpu:.2f} s CPU (BFGS, {result.nit} iterations, {result.nfev} evaluations, success: {result.success}; "
    f"r = {r:.6g}, α = {alpha:.6g}, a = {a:.6g}, b = {b:.6g}, LL = {ll_weeks:.2f} in weeks), "
    f"scoring E[Y({horizon:g} weeks)] and P(alive) of every customer {score_s:.2f} s wall, {score_cpu:.2f} s CPU "
    f"(Σ E[Y] = {expected.sum():,.1f}; mean P(alive) = {p_alive.mean():.4f})."
)
