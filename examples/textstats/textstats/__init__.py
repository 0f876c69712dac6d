"""Small text statistics, built feature by feature by Pace's demo."""
