#pragma once
// The dense types of pair and actor state: N x N row-major matrices and N-vectors (Eigen).
#include <Eigen/Dense>

namespace statecraft {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;

/// Row i of a row-major matrix as a plain array of its columns, for loops the compiler vectorises.
inline double* row(Matrix& m, Eigen::Index i) { return m.data() + i * m.cols(); }
inline const double* row(const Matrix& m, Eigen::Index i) { return m.data() + i * m.cols(); }

}  // namespace statecraft
