/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space so long windows (n in the hundreds) stay exact. */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logC = 0; // log C(n, 0)
  for (let i = 0; i < k; i++) logC += Math.log(n - i) - Math.log(i + 1);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(logC + i * logP + (n - i) * logQ);
    logC += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}
