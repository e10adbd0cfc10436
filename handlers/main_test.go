package handlers_test

import (
	"os"
	"testing"

	"bbbportal/models"
)

func TestMain(m *testing.M) {
	models.UseCheapHashesInTests()
	os.Exit(m.Run())
}
